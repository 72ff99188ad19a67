package dev.autodistill4j.metaclip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig.Activation;

/**
 * One pre-norm CLIP transformer block: {@code x + attn(ln1(x))}, then {@code x + mlp(ln2(x))}.
 *
 * <p>The q, k and v projections are fused into one matrix multiplication (one large GEMM is faster than three
 * small ones on every backend) and the query scale {@code 1/sqrt(headDim)} is folded into the query weights
 * once at load time, so the per-call work is exactly the reference's minus two elementwise passes.
 *
 * <p>All weights belong to the model's manager; every array created in {@link #forward} belongs to the
 * input's manager, because every operation here takes the per-call array as its first operand.
 */
final class TransformerLayer {
    private final NDArray ln1Weight;
    private final NDArray ln1Bias;
    private final NDArray qkvWeight;
    private final NDArray qkvBias;
    private final NDArray outWeight;
    private final NDArray outBias;
    private final NDArray ln2Weight;
    private final NDArray ln2Bias;
    private final NDArray fc1Weight;
    private final NDArray fc1Bias;
    private final NDArray fc2Weight;
    private final NDArray fc2Bias;
    private final int heads;
    private final float eps;
    private final Activation activation;
    private final Shape normShape;

    TransformerLayer(WeightLoader w, String prefix, int width, int intermediate, int heads, double eps,
                     Activation activation) {
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not divisible by " + heads + " heads");
        }
        this.heads = heads;
        this.eps = (float) eps;
        this.activation = activation;
        this.normShape = new Shape(width);
        ln1Weight = w.load(prefix + "layer_norm1.weight", width);
        ln1Bias = w.load(prefix + "layer_norm1.bias", width);
        ln2Weight = w.load(prefix + "layer_norm2.weight", width);
        ln2Bias = w.load(prefix + "layer_norm2.bias", width);
        float scale = (float) (1.0 / Math.sqrt((double) width / heads));
        String a = prefix + "self_attn.";
        qkvWeight = w.concatRows(new String[] {a + "q_proj.weight", a + "k_proj.weight", a + "v_proj.weight"},
                new float[] {scale, 1f, 1f}, width, width);
        qkvBias = w.concatRows(new String[] {a + "q_proj.bias", a + "k_proj.bias", a + "v_proj.bias"},
                new float[] {scale, 1f, 1f}, width);
        outWeight = w.load(a + "out_proj.weight", width, width);
        outBias = w.load(a + "out_proj.bias", width);
        fc1Weight = w.load(prefix + "mlp.fc1.weight", intermediate, width);
        fc1Bias = w.load(prefix + "mlp.fc1.bias", intermediate);
        fc2Weight = w.load(prefix + "mlp.fc2.weight", width, intermediate);
        fc2Bias = w.load(prefix + "mlp.fc2.bias", width);
    }

    /**
     * @param x    {@code [batch, tokens, width]}
     * @param mask additive attention mask {@code [tokens, tokens]} (causal text tower), or null
     * @return {@code [batch, tokens, width]}, in {@code x}'s manager
     */
    NDArray forward(NDArray x, NDArray mask) {
        return forward(x, mask, false);
    }

    /**
     * @param firstTokenOnly compute the output for token 0 only (keys and values still come from every
     *                       token): the image tower's last block, whose other outputs are never read, costs
     *                       a quarter of a full block this way
     * @return {@code [batch, tokens or 1, width]}
     */
    NDArray forward(NDArray x, NDArray mask, boolean firstTokenOnly) {
        NDArray h = LayerNorm.layerNorm(x, normShape, ln1Weight, ln1Bias, eps).singletonOrThrow();
        NDArray attended = attention(h, mask, firstTokenOnly);
        NDArray y = (firstTokenOnly ? x.get(":, 0:1, :") : x).add(attended);
        NDArray m = LayerNorm.layerNorm(y, normShape, ln2Weight, ln2Bias, eps).singletonOrThrow();
        NDArray hidden = Linear.linear(m, fc1Weight, fc1Bias).singletonOrThrow();
        hidden = activate(hidden);
        NDArray out = Linear.linear(hidden, fc2Weight, fc2Bias).singletonOrThrow();
        return y.addi(out);
    }

    private NDArray attention(NDArray h, NDArray mask, boolean firstTokenOnly) {
        Shape s = h.getShape();
        long batch = s.get(0);
        long tokens = s.get(1);
        long width = s.get(2);
        long headDim = width / heads;
        NDArray qkv = Linear.linear(h, qkvWeight, qkvBias).singletonOrThrow()
                .reshape(batch, tokens, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4); // [3, batch, heads, tokens, headDim]
        NDArray q = firstTokenOnly ? qkv.get("0, :, :, 0:1, :") : qkv.get(0);
        long queries = firstTokenOnly ? 1 : tokens;
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [batch, heads, tokens, tokens]
        if (mask != null) {
            scores = scores.addi(mask);
        }
        NDArray context = scores.softmax(-1).matMul(v) // [batch, heads, tokens, headDim]
                .transpose(0, 2, 1, 3)
                .reshape(batch, queries, width);
        return Linear.linear(context, outWeight, outBias).singletonOrThrow();
    }

    private NDArray activate(NDArray x) {
        if (activation == Activation.QUICK_GELU) {
            // x * sigmoid(1.702 x), as OpenAI CLIP and MetaCLIP v1 were trained
            NDArray gate = ai.djl.nn.Activation.sigmoid(x.mul(1.702f));
            return x.muli(gate);
        }
        return ai.djl.nn.Activation.gelu(x);
    }
}
