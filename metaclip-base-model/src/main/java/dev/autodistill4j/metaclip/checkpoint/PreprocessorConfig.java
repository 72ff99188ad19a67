package dev.autodistill4j.metaclip.checkpoint;

/**
 * How images become pixel tensors for one checkpoint (Hugging Face {@code preprocessor_config.json}, or
 * CLIP's defaults at the inferred image size for checkpoints that carry none).
 *
 * @param resize       how the image is resized before the crop
 * @param shortestEdge {@link Resize#SHORTEST_EDGE}: the shorter side becomes this many pixels (PIL bicubic)
 * @param resizeHeight {@link Resize#EXACT}: the height after resizing (aspect ratio not kept)
 * @param resizeWidth  {@link Resize#EXACT}: the width after resizing
 * @param cropHeight   center-crop height
 * @param cropWidth    center-crop width
 * @param mean         per-channel mean (RGB), applied after scaling to [0, 1]
 * @param std          per-channel standard deviation (RGB)
 */
public record PreprocessorConfig(Resize resize, int shortestEdge, int resizeHeight, int resizeWidth,
                                 int cropHeight, int cropWidth, float[] mean, float[] std) {

    /**
     * The two resizes CLIPImageProcessor knows: {@code size: {shortest_edge: n}} keeps the aspect ratio (CLIP,
     * MetaCLIP 1, torchvision's {@code Resize(n)}); {@code size: {height, width}} squashes the image to exactly
     * that size (how transformers' MetaCLIP 2 conversion configures it).
     */
    public enum Resize {
        SHORTEST_EDGE, EXACT
    }

    /** OpenAI CLIP's normalisation constants, also used by MetaCLIP; private because arrays are mutable. */
    private static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    /** OpenAI CLIP's per-channel (RGB) mean, a fresh copy each call. */
    public static float[] clipMean() {
        return CLIP_MEAN.clone();
    }

    /** OpenAI CLIP's per-channel (RGB) standard deviation, a fresh copy each call. */
    public static float[] clipStd() {
        return CLIP_STD.clone();
    }

    public PreprocessorConfig {
        java.util.Objects.requireNonNull(resize, "resize");
        mean = mean.clone();
        std = std.clone();
    }

    /** Resize of the shortest edge to {@code shortestEdge}, then a center crop (CLIP's pipeline). */
    public PreprocessorConfig(int shortestEdge, int cropHeight, int cropWidth, float[] mean, float[] std) {
        this(Resize.SHORTEST_EDGE, shortestEdge, 0, 0, cropHeight, cropWidth, mean, std);
    }

    /** Resize to exactly {@code height}×{@code width}, then a center crop. */
    public static PreprocessorConfig exact(int height, int width, int cropHeight, int cropWidth, float[] mean,
                                           float[] std) {
        return new PreprocessorConfig(Resize.EXACT, 0, height, width, cropHeight, cropWidth, mean, std);
    }

    /** CLIP's preprocessing at {@code size}×{@code size}. */
    public static PreprocessorConfig clipDefaults(int size) {
        return new PreprocessorConfig(size, size, size, CLIP_MEAN, CLIP_STD);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
