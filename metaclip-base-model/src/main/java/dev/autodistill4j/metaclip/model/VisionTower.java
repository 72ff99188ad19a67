package dev.autodistill4j.metaclip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's ViT image encoder: patch embedding, class token, positions, pre-LN, pre-norm blocks, post-LN on the
 * class token, projection.
 *
 * <p>The patch convolution (stride = kernel, no bias) is computed as a reshape plus one matrix product: the
 * same arithmetic as the convolution, but it runs as a single GEMM rather than through the convolution path.
 */
final class VisionTower {
    private final ClipConfig.Vision cfg;
    private final NDArray patchWeight; // [width, 3 * patch * patch]
    private final NDArray classEmbedding; // [width]
    private final NDArray positionEmbedding; // [tokens, width]
    private final NDArray preLnWeight;
    private final NDArray preLnBias;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final NDArray postLnWeight;
    private final NDArray postLnBias;
    private final NDArray projection; // [embed, width]
    private final Shape normShape;

    VisionTower(WeightLoader w, ClipConfig.Vision cfg, int projectionDim) {
        this.cfg = cfg;
        int width = cfg.width();
        int p = cfg.patchSize();
        normShape = new Shape(width);
        String e = "vision_model.embeddings.";
        patchWeight = w.load(e + "patch_embedding.weight", width, 3, p, p).reshape(width, 3L * p * p);
        classEmbedding = w.load(e + "class_embedding", width);
        positionEmbedding = w.load(e + "position_embedding.weight", cfg.tokens(), width);
        preLnWeight = w.load("vision_model.pre_layrnorm.weight", width);
        preLnBias = w.load("vision_model.pre_layrnorm.bias", width);
        for (int i = 0; i < cfg.layers(); i++) {
            layers.add(new TransformerLayer(w, "vision_model.encoder.layers." + i + ".", width,
                    cfg.intermediateSize(), cfg.heads(), cfg.layerNormEps(), cfg.activation()));
        }
        postLnWeight = w.load("vision_model.post_layernorm.weight", width);
        postLnBias = w.load("vision_model.post_layernorm.bias", width);
        projection = w.load("visual_projection.weight", projectionDim, width);
    }

    /**
     * @param pixels {@code [batch, 3, size, size]} normalised pixels; consumed (closed) by this call
     * @return {@code [batch, projectionDim]} image embeddings, not normalised, in {@code pixels}' manager
     */
    NDArray forward(NDArray pixels) {
        long batch = pixels.getShape().get(0);
        int g = cfg.gridSize();
        int p = cfg.patchSize();
        int width = cfg.width();
        NDArray x = Scopes.consume(pixels, px -> {
            NDArray patches = px.reshape(batch, 3, g, p, g, p)
                    .transpose(0, 2, 4, 1, 3, 5)
                    .reshape(batch, (long) g * g, 3L * p * p);
            NDArray tokens = Linear.linear(patches, patchWeight).singletonOrThrow(); // [batch, g*g, width]
            NDArray cls = px.getManager().zeros(new Shape(batch, 1, width)).addi(classEmbedding);
            NDArray h = NDArrays.concat(new NDList(cls, tokens), 1).addi(positionEmbedding);
            return LayerNorm.layerNorm(h, normShape, preLnWeight, preLnBias, (float) cfg.layerNormEps())
                    .singletonOrThrow();
        });
        int last = layers.size() - 1;
        for (int i = 0; i < last; i++) {
            TransformerLayer layer = layers.get(i);
            x = Scopes.consume(x, h -> layer.forward(h, null));
        }
        // only the class token is read after the last block
        if (last >= 0) {
            x = Scopes.consume(x, h -> layers.get(last).forward(h, null, true));
        }
        return Scopes.consume(x, h -> {
            NDArray cls = h.get(":, 0, :");
            NDArray normed = LayerNorm.layerNorm(cls, normShape, postLnWeight, postLnBias,
                    (float) cfg.layerNormEps()).singletonOrThrow();
            return Linear.linear(normed, projection).singletonOrThrow();
        });
    }
}
