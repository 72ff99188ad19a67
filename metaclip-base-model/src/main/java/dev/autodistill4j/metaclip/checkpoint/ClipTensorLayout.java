package dev.autodistill4j.metaclip.checkpoint;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors a Hugging Face {@code CLIPModel} of a given {@link ClipConfig} must have, with their shapes.
 *
 * <p>This is the single source of truth used both to validate a checkpoint against its config and, read
 * backwards, to infer a config from tensor shapes.
 */
public final class ClipTensorLayout {
    /** Buffers some checkpoints carry that are not weights (recomputed by the network). */
    private static final String[] IGNORED_SUFFIXES = {"position_ids", "attn_mask"};
    private static final String[] IGNORED_NAMES = {"input_resolution", "context_length", "vocab_size"};

    private ClipTensorLayout() {
    }

    /** Every weight name → expected shape, in model order. */
    public static Map<String, long[]> expected(ClipConfig config) {
        Map<String, long[]> m = new LinkedHashMap<>();
        ClipConfig.Vision v = config.vision();
        ClipConfig.Text t = config.text();
        int e = config.projectionDim();
        m.put("vision_model.embeddings.class_embedding", shape(v.width()));
        m.put("vision_model.embeddings.patch_embedding.weight", shape(v.width(), 3, v.patchSize(), v.patchSize()));
        m.put("vision_model.embeddings.position_embedding.weight", shape(v.tokens(), v.width()));
        m.put("vision_model.pre_layrnorm.weight", shape(v.width()));
        m.put("vision_model.pre_layrnorm.bias", shape(v.width()));
        encoder(m, "vision_model.encoder.layers.", v.layers(), v.width(), v.intermediateSize());
        m.put("vision_model.post_layernorm.weight", shape(v.width()));
        m.put("vision_model.post_layernorm.bias", shape(v.width()));
        m.put("visual_projection.weight", shape(e, v.width()));
        m.put("text_model.embeddings.token_embedding.weight", shape(t.vocabSize(), t.width()));
        m.put("text_model.embeddings.position_embedding.weight", shape(t.contextLength(), t.width()));
        encoder(m, "text_model.encoder.layers.", t.layers(), t.width(), t.intermediateSize());
        m.put("text_model.final_layer_norm.weight", shape(t.width()));
        m.put("text_model.final_layer_norm.bias", shape(t.width()));
        m.put("text_projection.weight", shape(e, t.width()));
        m.put("logit_scale", shape());
        return m;
    }

    private static void encoder(Map<String, long[]> m, String prefix, int layers, int width, int inner) {
        for (int i = 0; i < layers; i++) {
            String p = prefix + i + ".";
            for (String proj : new String[]{"q_proj", "k_proj", "v_proj", "out_proj"}) {
                m.put(p + "self_attn." + proj + ".weight", shape(width, width));
                m.put(p + "self_attn." + proj + ".bias", shape(width));
            }
            m.put(p + "layer_norm1.weight", shape(width));
            m.put(p + "layer_norm1.bias", shape(width));
            m.put(p + "mlp.fc1.weight", shape(inner, width));
            m.put(p + "mlp.fc1.bias", shape(inner));
            m.put(p + "mlp.fc2.weight", shape(width, inner));
            m.put(p + "mlp.fc2.bias", shape(width));
            m.put(p + "layer_norm2.weight", shape(width));
            m.put(p + "layer_norm2.bias", shape(width));
        }
    }

    /** True for buffers that checkpoints may carry but that are not weights ({@code position_ids} …). */
    public static boolean isIgnoredBuffer(String name) {
        for (String s : IGNORED_SUFFIXES) {
            if (name.endsWith(s)) {
                return true;
            }
        }
        return Arrays.asList(IGNORED_NAMES).contains(name);
    }

    /**
     * Compares {@code weights} with what {@code config} needs and throws one {@link CheckpointException} listing
     * every missing, mis-shaped, non-floating and unexpected tensor.
     */
    public static void validate(java.nio.file.Path source, StateDict weights, ClipConfig config) {
        Map<String, long[]> expected = expected(config);
        StringBuilder problems = new StringBuilder();
        int count = 0;
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String name = e.getKey();
            if (!weights.contains(name)) {
                problems.append("\n  missing ").append(name).append(" (expected ").append(Arrays.toString(e.getValue()))
                        .append(')');
                count++;
                continue;
            }
            TensorInfo info = weights.info(name);
            if (!Arrays.equals(info.shape(), e.getValue())) {
                problems.append("\n  wrong shape ").append(name).append(": expected ")
                        .append(Arrays.toString(e.getValue())).append(", found ").append(info.shapeString());
                count++;
            } else if (!info.dtype().isFloating()) {
                problems.append("\n  wrong type ").append(name).append(": expected a floating-point tensor, found ")
                        .append(info.dtype());
                count++;
            }
        }
        for (String name : weights.names()) {
            if (!expected.containsKey(name) && !isIgnoredBuffer(name)) {
                problems.append("\n  unexpected ").append(name).append(' ').append(weights.info(name).shapeString());
                count++;
            }
        }
        if (count > 0) {
            throw new CheckpointException("checkpoint " + source + " does not match its architecture (vision "
                    + describe(config.vision()) + ", text " + describe(config.text()) + ", embed "
                    + config.projectionDim() + "): " + count + " problem(s):" + problems
                    + "\nCheck that the config file beside the weights belongs to them, or re-download the model.");
        }
    }

    private static String describe(ClipConfig.Vision v) {
        return v.layers() + "x" + v.width() + " patch " + v.patchSize() + " @" + v.imageSize() + "px";
    }

    private static String describe(ClipConfig.Text t) {
        return t.layers() + "x" + t.width() + " vocab " + t.vocabSize() + " ctx " + t.contextLength();
    }

    private static long[] shape(long... dims) {
        return dims;
    }
}
