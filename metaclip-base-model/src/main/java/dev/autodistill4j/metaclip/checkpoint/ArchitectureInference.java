package dev.autodistill4j.metaclip.checkpoint;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link ClipConfig} off the tensor shapes of a checkpoint that came without any config file (an
 * OpenCLIP/MetaCLIP {@code .pt} on its own).
 *
 * <p>Widths, layer counts, patch and image size, context length, vocabulary and embedding size are all
 * determined by shapes. Attention heads are not: like OpenAI's {@code build_model} we take width / 64, which is
 * what released CLIP and MetaCLIP towers use up to width 1024 — except the large OpenCLIP image towers (ViT-H,
 * ViT-g, ViT-bigG, widths 1280/1408/1664), whose configs set a wider head ({@code head_width} 80/88/104) and so
 * have 16 heads; MetaCLIP's h14 checkpoints are ViT-H. The activation cannot be seen either; MetaCLIP v1
 * trained with QuickGELU, so that is the default.
 */
public final class ArchitectureInference {
    /** Width of one attention head in every released CLIP/MetaCLIP model. */
    public static final int HEAD_WIDTH = 64;
    private static final double LAYER_NORM_EPS = 1e-5;

    private ArchitectureInference() {
    }

    /** Infers the architecture from {@code weights}, which use Hugging Face names. */
    public static ClipConfig infer(Path source, StateDict weights) {
        long[] patch = shape(source, weights, "vision_model.embeddings.patch_embedding.weight", 4);
        long[] vpos = shape(source, weights, "vision_model.embeddings.position_embedding.weight", 2);
        int vWidth = (int) patch[0];
        int patchSize = (int) patch[2];
        int grid = (int) Math.round(Math.sqrt(vpos[0] - 1));
        if (grid * grid != vpos[0] - 1) {
            throw new CheckpointException("cannot infer the image size of " + source + ": the vision position "
                    + "embedding has " + vpos[0] + " rows, not a square grid plus the class token");
        }
        int vLayers = layers(weights, "vision_model.encoder.layers.");
        int vInner = (int) shape(source, weights, "vision_model.encoder.layers.0.mlp.fc1.weight", 2)[0];
        long[] tok = shape(source, weights, "text_model.embeddings.token_embedding.weight", 2);
        long[] tpos = shape(source, weights, "text_model.embeddings.position_embedding.weight", 2);
        int tWidth = (int) tok[1];
        int vocab = (int) tok[0];
        int tLayers = layers(weights, "text_model.encoder.layers.");
        int tInner = (int) shape(source, weights, "text_model.encoder.layers.0.mlp.fc1.weight", 2)[0];
        int embed = (int) shape(source, weights, "text_projection.weight", 2)[0];
        ClipConfig.Activation act = ClipConfig.Activation.QUICK_GELU;
        return new ClipConfig(
                new ClipConfig.Vision(grid * patchSize, patchSize, vWidth, vInner, vLayers, visionHeads(vWidth),
                        LAYER_NORM_EPS, act),
                new ClipConfig.Text((int) tpos[0], vocab, tWidth, tInner, tLayers, heads(tWidth), LAYER_NORM_EPS, act,
                        vocab - 2, vocab - 1),
                embed);
    }

    /** Image-tower heads: width / 64, but 16 for the OpenCLIP towers wider than 1024 (H, g, bigG). */
    static int visionHeads(int width) {
        return width > 1024 ? 16 : heads(width);
    }

    static int heads(int width) {
        return Math.max(1, width / HEAD_WIDTH);
    }

    private static int layers(StateDict weights, String prefix) {
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\.");
        int max = -1;
        for (String name : weights.names()) {
            Matcher m = p.matcher(name);
            if (m.lookingAt()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max + 1;
    }

    private static long[] shape(Path source, StateDict weights, String name, int rank) {
        if (!weights.contains(name)) {
            throw new CheckpointException("cannot infer the architecture of " + source + ": it has no tensor '"
                    + name + "' (is it a CLIP checkpoint?). Place the model's config.json or model_config.json "
                    + "beside it.");
        }
        long[] s = weights.info(name).shape();
        if (s.length != rank) {
            throw new CheckpointException("cannot infer the architecture of " + source + ": tensor '" + name
                    + "' has shape " + weights.info(name).shapeString() + ", expected " + rank + " dimensions");
        }
        return s;
    }
}
