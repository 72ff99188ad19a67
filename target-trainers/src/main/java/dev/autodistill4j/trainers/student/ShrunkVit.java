package dev.autodistill4j.trainers.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A trainable CLIP vision tower with {@code layers} transformer blocks, as a DJL block: patch embedding (as one
 * matrix product), class token, positions, pre-LN, pre-norm blocks (separate q/k/v projections, scaled
 * dot-product attention, MLP with the teacher's activation), post-LN on the class token, projection. The
 * arithmetic is the teacher's ({@code metaclip}'s {@code VisionTower}), so a student that keeps every layer
 * reproduces the teacher exactly; {@code vit-shrunk} keeps a subset and distils the rest of the way.
 *
 * <p>Every parameter is named after the Hugging Face {@code CLIPModel} tensor it is initialised from, under
 * the student's own layer numbering; {@link #inherit} gives each one an initializer that returns the teacher's
 * values (from the teacher's layer the student's layer copies).
 */
final class ShrunkVit extends AbstractBlock {
    private static final byte VERSION = 1;

    private final ClipConfig.Vision cfg;
    private final int projectionDim;
    private final int layers;
    private final Parameter patch;
    private final Parameter cls;
    private final Parameter positions;
    private final Parameter preLnWeight;
    private final Parameter preLnBias;
    private final List<Parameter[]> blocks = new ArrayList<>();
    private final Parameter postLnWeight;
    private final Parameter postLnBias;
    private final Parameter projection;

    ShrunkVit(ClipConfig.Vision cfg, int projectionDim, int layers) {
        super(VERSION);
        this.cfg = cfg;
        this.projectionDim = projectionDim;
        this.layers = layers;
        int w = cfg.width();
        int p = cfg.patchSize();
        patch = param("vision_model.embeddings.patch_embedding.weight", Parameter.Type.WEIGHT, w, 3L * p * p);
        cls = param("vision_model.embeddings.class_embedding", Parameter.Type.WEIGHT, w);
        positions = param("vision_model.embeddings.position_embedding.weight", Parameter.Type.WEIGHT, cfg.tokens(), w);
        preLnWeight = param("vision_model.pre_layrnorm.weight", Parameter.Type.GAMMA, w);
        preLnBias = param("vision_model.pre_layrnorm.bias", Parameter.Type.BETA, w);
        for (int i = 0; i < layers; i++) {
            String l = "vision_model.encoder.layers." + i + ".";
            int m = cfg.intermediateSize();
            blocks.add(new Parameter[] {
                param(l + "layer_norm1.weight", Parameter.Type.GAMMA, w),
                param(l + "layer_norm1.bias", Parameter.Type.BETA, w),
                param(l + "self_attn.q_proj.weight", Parameter.Type.WEIGHT, w, w),
                param(l + "self_attn.q_proj.bias", Parameter.Type.BIAS, w),
                param(l + "self_attn.k_proj.weight", Parameter.Type.WEIGHT, w, w),
                param(l + "self_attn.k_proj.bias", Parameter.Type.BIAS, w),
                param(l + "self_attn.v_proj.weight", Parameter.Type.WEIGHT, w, w),
                param(l + "self_attn.v_proj.bias", Parameter.Type.BIAS, w),
                param(l + "self_attn.out_proj.weight", Parameter.Type.WEIGHT, w, w),
                param(l + "self_attn.out_proj.bias", Parameter.Type.BIAS, w),
                param(l + "layer_norm2.weight", Parameter.Type.GAMMA, w),
                param(l + "layer_norm2.bias", Parameter.Type.BETA, w),
                param(l + "mlp.fc1.weight", Parameter.Type.WEIGHT, m, w),
                param(l + "mlp.fc1.bias", Parameter.Type.BIAS, m),
                param(l + "mlp.fc2.weight", Parameter.Type.WEIGHT, w, m),
                param(l + "mlp.fc2.bias", Parameter.Type.BIAS, w)});
        }
        postLnWeight = param("vision_model.post_layernorm.weight", Parameter.Type.GAMMA, w);
        postLnBias = param("vision_model.post_layernorm.bias", Parameter.Type.BETA, w);
        projection = param("visual_projection.weight", Parameter.Type.WEIGHT, projectionDim, w);
    }

    private Parameter param(String name, Parameter.Type type, long... shape) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(new Shape(shape)).build());
    }

    /**
     * Initialises every parameter from the teacher: {@code teacher} maps a Hugging Face tensor name to its
     * values; the student's layer {@code i} reads the teacher's layer {@code kept[i]}.
     */
    void inherit(int[] kept, Function<String, float[]> teacher) {
        for (Parameter p : getParameters().values()) {
            String source = sourceName(p.getName(), kept);
            p.setInitializer(new Initializer() {
                @Override
                public NDArray initialize(ai.djl.ndarray.NDManager manager, Shape shape, DataType dataType) {
                    return manager.create(teacher.apply(source), shape).toType(dataType, false);
                }
            });
        }
    }

    /** The teacher tensor the student's parameter {@code name} is initialised from. */
    static String sourceName(String name, int[] kept) {
        String prefix = "vision_model.encoder.layers.";
        if (!name.startsWith(prefix)) {
            return name;
        }
        int dot = name.indexOf('.', prefix.length());
        return prefix + kept[Integer.parseInt(name.substring(prefix.length(), dot))] + name.substring(dot);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray px = inputs.singletonOrThrow();
        long batch = px.getShape().get(0);
        int g = cfg.gridSize();
        int p = cfg.patchSize();
        int w = cfg.width();
        float eps = (float) cfg.layerNormEps();
        Shape norm = new Shape(w);
        NDArray patches = px.reshape(batch, 3, g, p, g, p).transpose(0, 2, 4, 1, 3, 5)
                .reshape(batch, (long) g * g, 3L * p * p);
        NDArray tokens = Linear.linear(patches, value(ps, patch, px)).singletonOrThrow();
        NDArray c = value(ps, cls, px).reshape(1, 1, w).broadcast(new Shape(batch, 1, w));
        NDArray h = NDArrays.concat(new NDList(c, tokens), 1).add(value(ps, positions, px));
        h = LayerNorm.layerNorm(h, norm, value(ps, preLnWeight, px), value(ps, preLnBias, px), eps)
                .singletonOrThrow();
        for (Parameter[] b : blocks) {
            h = block(ps, b, h, norm, eps);
        }
        NDArray first = h.get(":, 0, :");
        NDArray normed = LayerNorm.layerNorm(first, norm, value(ps, postLnWeight, px), value(ps, postLnBias, px), eps)
                .singletonOrThrow();
        return new NDList(Linear.linear(normed, value(ps, projection, px)).singletonOrThrow());
    }

    private NDArray block(ParameterStore ps, Parameter[] b, NDArray x, Shape norm, float eps) {
        NDArray h = LayerNorm.layerNorm(x, norm, value(ps, b[0], x), value(ps, b[1], x), eps).singletonOrThrow();
        Shape s = h.getShape();
        long batch = s.get(0);
        long tokens = s.get(1);
        int heads = cfg.heads();
        long headDim = s.get(2) / heads;
        NDArray q = Linear.linear(h, value(ps, b[2], x), value(ps, b[3], x)).singletonOrThrow()
                .mul((float) (1.0 / Math.sqrt(headDim)));
        NDArray k = Linear.linear(h, value(ps, b[4], x), value(ps, b[5], x)).singletonOrThrow();
        NDArray v = Linear.linear(h, value(ps, b[6], x), value(ps, b[7], x)).singletonOrThrow();
        q = q.reshape(batch, tokens, heads, headDim).transpose(0, 2, 1, 3);
        k = k.reshape(batch, tokens, heads, headDim).transpose(0, 2, 3, 1);
        v = v.reshape(batch, tokens, heads, headDim).transpose(0, 2, 1, 3);
        NDArray context = q.matMul(k).softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(s);
        NDArray y = x.add(Linear.linear(context, value(ps, b[8], x), value(ps, b[9], x)).singletonOrThrow());
        NDArray m = LayerNorm.layerNorm(y, norm, value(ps, b[10], x), value(ps, b[11], x), eps).singletonOrThrow();
        NDArray hidden = Linear.linear(m, value(ps, b[12], x), value(ps, b[13], x)).singletonOrThrow();
        hidden = cfg.activation() == ClipConfig.Activation.QUICK_GELU
                ? hidden.mul(ai.djl.nn.Activation.sigmoid(hidden.mul(1.702f))) : ai.djl.nn.Activation.gelu(hidden);
        return y.add(Linear.linear(hidden, value(ps, b[14], x), value(ps, b[15], x)).singletonOrThrow());
    }

    private static NDArray value(ParameterStore ps, Parameter p, NDArray like) {
        return ps.getValue(p, like.getDevice(), true);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), projectionDim)};
    }

    int layers() {
        return layers;
    }
}
