package dev.autodistill4j.metaclip.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/**
 * Reads a Hugging Face {@code preprocessor_config.json} ({@code CLIPImageProcessor}) exactly as transformers
 * would apply it — or refuses it, naming the field, when it asks for something this project does not reproduce
 * (another resampling filter, no rescale, …), because silently different pixels would give silently different
 * embeddings.
 *
 * <p>{@code size} may be an int or {@code {shortest_edge: n}} (resize the shorter side, keep the aspect ratio,
 * CLIP and MetaCLIP 1) or {@code {height: h, width: w}} (squash to exactly h×w, as transformers' MetaCLIP 2
 * conversion writes it). {@code do_center_crop: false} keeps the resized image (only meaningful with an exact
 * size); {@code do_normalize: false} leaves the [0, 1] values as they are.
 */
final class HfPreprocessorConfig {
    /** PIL's {@code Image.BICUBIC}, the only filter {@code PillowBicubic} reproduces. */
    private static final int PIL_BICUBIC = 3;
    private static final double ONE_OVER_255 = 1.0 / 255.0;

    private HfPreprocessorConfig() {
    }

    static PreprocessorConfig read(Path file, JsonNode root, int imageSize) {
        refuseUnless(file, root.path("do_resize").asBoolean(true), "do_resize is false",
                "images of any size must be resized to the model's input");
        refuseUnless(file, root.path("resample").asInt(PIL_BICUBIC) == PIL_BICUBIC,
                "resample is " + root.path("resample"), "only PIL bicubic (3) is implemented");
        refuseUnless(file, root.path("do_rescale").asBoolean(true)
                        && Math.abs(root.path("rescale_factor").asDouble(ONE_OVER_255) - ONE_OVER_255) < 1e-12,
                "do_rescale/rescale_factor is not 1/255", "pixels are scaled by 1/255");
        JsonNode size = root.path("size");
        boolean exact = size.has("height") || size.has("width");
        int resizeH = size.path("height").asInt(imageSize);
        int resizeW = size.path("width").asInt(imageSize);
        int shortest = size.isInt() ? size.asInt() : size.path("shortest_edge").asInt(imageSize);
        boolean crop = root.path("do_center_crop").asBoolean(true);
        refuseUnless(file, crop || exact, "do_center_crop is false with a shortest_edge size",
                "the image tower needs a fixed input size");
        JsonNode cropSize = root.path("crop_size");
        int cropH = !crop ? resizeH : cropSize.isInt() ? cropSize.asInt() : cropSize.path("height").asInt(imageSize);
        int cropW = !crop ? resizeW : cropSize.isInt() ? cropSize.asInt() : cropSize.path("width").asInt(imageSize);
        boolean normalize = root.path("do_normalize").asBoolean(true);
        ConfigFields f = new ConfigFields(file, "Use the preprocessor_config.json that came with the checkpoint.");
        float[] mean = normalize ? f.numbers(root, "", "image_mean", 3, false, PreprocessorConfig.clipMean())
                : new float[]{0, 0, 0};
        float[] std = normalize ? f.numbers(root, "", "image_std", 3, true, PreprocessorConfig.clipStd())
                : new float[]{1, 1, 1};
        return exact ? PreprocessorConfig.exact(resizeH, resizeW, cropH, cropW, mean, std)
                : new PreprocessorConfig(shortest, cropH, cropW, mean, std);
    }

    private static void refuseUnless(Path file, boolean ok, String what, String why) {
        if (!ok) {
            throw new CheckpointException(file + ": " + what + ", which autodistill4j does not reproduce ("
                    + why + "); use the preprocessor_config.json that came with the checkpoint");
        }
    }
}
