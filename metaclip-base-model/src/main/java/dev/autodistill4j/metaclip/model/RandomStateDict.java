package dev.autodistill4j.metaclip.model;

import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import dev.autodistill4j.metaclip.checkpoint.TensorDType;
import dev.autodistill4j.metaclip.checkpoint.TensorInfo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A CLIP state dict of random weights for any architecture, under Hugging Face names: what {@code bench} runs
 * when no checkpoint is given (speed depends on shapes, not values) and what tests use to build models of
 * chosen shapes without files.
 *
 * <p>Values are generated on demand from a per-tensor seed, so nothing is held in memory and the same seed
 * always gives the same model. Layer norms start at weight 1 / bias 0 and linear weights are scaled by
 * {@code 1/sqrt(fan_in)} so activations stay in a realistic range through deep towers.
 */
public final class RandomStateDict implements StateDict {
    private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    private final long seed;

    public RandomStateDict(ClipConfig config, long seed) {
        this.seed = seed;
        ClipConfig.Vision v = config.vision();
        ClipConfig.Text t = config.text();
        int e = config.projectionDim();
        add("text_model.embeddings.token_embedding.weight", t.vocabSize(), t.width());
        add("text_model.embeddings.position_embedding.weight", t.contextLength(), t.width());
        for (int i = 0; i < t.layers(); i++) {
            addLayer("text_model.encoder.layers." + i + ".", t.width(), t.intermediateSize());
        }
        add("text_model.final_layer_norm.weight", t.width());
        add("text_model.final_layer_norm.bias", t.width());
        add("vision_model.embeddings.class_embedding", v.width());
        add("vision_model.embeddings.patch_embedding.weight", v.width(), 3, v.patchSize(), v.patchSize());
        add("vision_model.embeddings.position_embedding.weight", v.tokens(), v.width());
        add("vision_model.pre_layrnorm.weight", v.width());
        add("vision_model.pre_layrnorm.bias", v.width());
        for (int i = 0; i < v.layers(); i++) {
            addLayer("vision_model.encoder.layers." + i + ".", v.width(), v.intermediateSize());
        }
        add("vision_model.post_layernorm.weight", v.width());
        add("vision_model.post_layernorm.bias", v.width());
        add("visual_projection.weight", e, v.width());
        add("text_projection.weight", e, t.width());
        add("logit_scale");
    }

    private void addLayer(String p, int width, int intermediate) {
        for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
            add(p + "self_attn." + proj + ".weight", width, width);
            add(p + "self_attn." + proj + ".bias", width);
        }
        add(p + "layer_norm1.weight", width);
        add(p + "layer_norm1.bias", width);
        add(p + "mlp.fc1.weight", intermediate, width);
        add(p + "mlp.fc1.bias", intermediate);
        add(p + "mlp.fc2.weight", width, intermediate);
        add(p + "mlp.fc2.bias", width);
        add(p + "layer_norm2.weight", width);
        add(p + "layer_norm2.bias", width);
    }

    private void add(String name, long... shape) {
        tensors.put(name, new TensorInfo(name, TensorDType.F32, shape));
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new CheckpointException("random state dict has no tensor " + name);
        }
        return info;
    }

    @Override
    public float[] floats(String name) {
        TensorInfo info = info(name);
        float[] out = new float[Math.toIntExact(info.elementCount())];
        if (name.equals("logit_scale")) {
            out[0] = (float) Math.log(100);
            return out;
        }
        boolean norm = name.contains("layer_norm") || name.contains("layrnorm") || name.contains("layernorm");
        if (norm && name.endsWith(".weight")) {
            java.util.Arrays.fill(out, 1f);
            return out;
        }
        long[] shape = info.shape();
        double scale = shape.length >= 2 && !name.contains("embedding")
                ? 1.0 / Math.sqrt(info.elementCount() / (double) shape[0]) : 0.02;
        if (norm) {
            scale = 0.02;
        }
        SplittableRandom random = new SplittableRandom(seed ^ name.hashCode() * 0x9E3779B97F4A7C15L);
        double halfWidth = scale * Math.sqrt(3); // uniform with standard deviation = scale
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * halfWidth);
        }
        return out;
    }

    @Override
    public void close() {
        // nothing held
    }
}
