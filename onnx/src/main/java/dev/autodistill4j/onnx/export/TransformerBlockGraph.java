package dev.autodistill4j.onnx.export;

import dev.autodistill4j.metaclip.checkpoint.ClipConfig.Activation;
import dev.autodistill4j.onnx.graph.GraphBuilder;

/**
 * One pre-norm CLIP transformer block as ONNX nodes: {@code x + attn(ln1(x))}, then {@code x + mlp(ln2(x))} —
 * the same arithmetic as the PyTorch path's {@code TransformerLayer}: q, k and v fused into one MatMul with the
 * query scale {@code 1/sqrt(headDim)} folded into the query weights, and optionally only token 0 computed in
 * the last image block (its other outputs are never read).
 */
final class TransformerBlockGraph {
    private final GraphBuilder g;
    private final LinearLayers linear;
    private final int width;
    private final int intermediate;
    private final int heads;
    private final float eps;
    private final Activation activation;

    TransformerBlockGraph(GraphBuilder g, LinearLayers linear, int width, int intermediate, int heads, double eps,
                          Activation activation) {
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not divisible by " + heads + " heads");
        }
        this.g = g;
        this.linear = linear;
        this.width = width;
        this.intermediate = intermediate;
        this.heads = heads;
        this.eps = (float) eps;
        this.activation = activation;
    }

    /**
     * @param x              {@code [batch, tokens, width]}
     * @param mask           additive {@code [tokens, tokens]} mask value, or null
     * @param firstTokenOnly output {@code [batch, 1, width]} for token 0 only
     */
    String apply(CheckedWeights w, String prefix, String name, String x, String mask, boolean firstTokenOnly) {
        String h = layerNorm(w, prefix + "layer_norm1.", name + ".ln1", x);
        String attended = attention(w, prefix + "self_attn.", name + ".attn", h, mask, firstTokenOnly);
        String residual = firstTokenOnly ? firstToken(x, name + ".x0") : x;
        String y = g.op("Add", residual, attended).out(name + ".attn_residual");
        String m = layerNorm(w, prefix + "layer_norm2.", name + ".ln2", y);
        String hidden = linear.apply(name + ".fc1", m, w.load(prefix + "mlp.fc1.weight", intermediate, width),
                w.load(prefix + "mlp.fc1.bias", intermediate), intermediate, width, true);
        hidden = activate(hidden, name + ".act");
        String out = linear.apply(name + ".fc2", hidden, w.load(prefix + "mlp.fc2.weight", width, intermediate),
                w.load(prefix + "mlp.fc2.bias", width), width, intermediate, true);
        return g.op("Add", y, out).out(name + ".out");
    }

    String layerNorm(CheckedWeights w, String prefix, String name, String x) {
        return g.op("LayerNormalization", x, g.floats(name + ".weight", w.load(prefix + "weight", width), width),
                g.floats(name + ".bias", w.load(prefix + "bias", width), width))
                .attr("axis", -1L).attr("epsilon", eps).out(name);
    }

    private String attention(CheckedWeights w, String prefix, String name, String h, String mask, boolean first) {
        float scale = (float) (1.0 / Math.sqrt((double) width / heads));
        float[] qkvW = new float[3 * width * width];
        float[] qkvB = new float[3 * width];
        String[] parts = {"q_proj", "k_proj", "v_proj"};
        for (int p = 0; p < 3; p++) {
            float s = p == 0 ? scale : 1f;
            float[] wp = w.load(prefix + parts[p] + ".weight", width, width);
            float[] bp = w.load(prefix + parts[p] + ".bias", width);
            for (int i = 0; i < wp.length; i++) {
                qkvW[p * wp.length + i] = wp[i] * s;
            }
            for (int i = 0; i < width; i++) {
                qkvB[p * width + i] = bp[i] * s;
            }
        }
        long headDim = width / heads;
        String qkv = linear.apply(name + ".qkv", h, qkvW, qkvB, 3 * width, width, true);
        qkv = g.op("Reshape", qkv, g.longs(name + ".qkv_shape", 0, 0, 3, heads, headDim)).out(name + ".qkv_heads");
        qkv = g.op("Transpose", qkv).attr("perm", new long[] {2, 0, 3, 1, 4}).out(name + ".qkv_t");
        String q = g.op("Gather", qkv, g.scalarLong(name + ".i0", 0)).attr("axis", 0L).out(name + ".q");
        String k = g.op("Gather", qkv, g.scalarLong(name + ".i1", 1)).attr("axis", 0L).out(name + ".k");
        String v = g.op("Gather", qkv, g.scalarLong(name + ".i2", 2)).attr("axis", 0L).out(name + ".v");
        if (first) {
            q = g.op("Slice", q, g.longs(name + ".q0_start", 0), g.longs(name + ".q0_end", 1),
                    g.longs(name + ".q0_axis", 2)).out(name + ".q0");
        }
        String kt = g.op("Transpose", k).attr("perm", new long[] {0, 1, 3, 2}).out(name + ".kt");
        String scores = g.op("MatMul", q, kt).out(name + ".scores");
        if (mask != null) {
            scores = g.op("Add", scores, mask).out(name + ".masked");
        }
        String probs = g.op("Softmax", scores).attr("axis", -1L).out(name + ".probs");
        String context = g.op("MatMul", probs, v).out(name + ".context");
        context = g.op("Transpose", context).attr("perm", new long[] {0, 2, 1, 3}).out(name + ".context_t");
        context = g.op("Reshape", context, g.longs(name + ".context_shape", 0, 0, width)).out(name + ".context_flat");
        return linear.apply(name + ".out_proj", context, w.load(prefix + "out_proj.weight", width, width),
                w.load(prefix + "out_proj.bias", width), width, width, true);
    }

    private String firstToken(String x, String name) {
        return g.op("Slice", x, g.longs(name + "_start", 0), g.longs(name + "_end", 1), g.longs(name + "_axis", 1))
                .out(name);
    }

    private String activate(String x, String name) {
        if (activation == Activation.QUICK_GELU) {
            // x * sigmoid(1.702 x), as OpenAI CLIP and MetaCLIP v1 were trained
            String scaled = g.op("Mul", x, g.scalarFloat(name + ".k", 1.702f)).out(name + ".scaled");
            String gate = g.op("Sigmoid", scaled).out(name + ".gate");
            return g.op("Mul", x, gate).out(name);
        }
        // exact GELU: 0.5 x (1 + erf(x / sqrt 2)), PyTorch's default
        String div = g.op("Div", x, g.scalarFloat(name + ".sqrt2", (float) Math.sqrt(2))).out(name + ".div");
        String erf = g.op("Erf", div).out(name + ".erf");
        String one = g.op("Add", erf, g.scalarFloat(name + ".one", 1f)).out(name + ".erf1");
        String half = g.op("Mul", x, g.scalarFloat(name + ".half", 0.5f)).out(name + ".halfx");
        return g.op("Mul", half, one).out(name);
    }
}
