package dev.autodistill4j.onnx.export;

import dev.autodistill4j.onnx.graph.GraphBuilder;

/**
 * {@code y = x Wᵀ + b} as ONNX nodes, in full precision or with int8 weights.
 *
 * <p>Int8 ({@link Precision#INT8}) stores each weight matrix as int8 with one symmetric scale per output
 * column ({@code max|w| / 127}), no calibration data needed, and runs as ONNX Runtime's
 * {@code com.microsoft.DynamicQuantizeMatMul}: the activations are quantised per call from their own range, so
 * only weights are approximated ahead of time. Every transformer-block MatMul (qkv, out, fc1, fc2 of both
 * towers: over 95% of the FLOPs) is quantised; the patch embedding and the two output projections stay fp32 —
 * they cost little time, and the first and last layers are where rounding costs the most accuracy.
 */
final class LinearLayers {
    private final GraphBuilder g;
    private final Precision precision;
    private int quantized;
    private int kept;

    LinearLayers(GraphBuilder g, Precision precision) {
        this.g = g;
        this.precision = precision;
    }

    /**
     * @param weight PyTorch layout {@code [out, in]}, row-major
     * @param bias   {@code [out]} or null
     * @param quantizable whether int8 export may quantise this layer (false for projections)
     */
    String apply(String name, String x, float[] weight, float[] bias, int out, int in, boolean quantizable) {
        float[] wt = transpose(weight, out, in); // [in, out] for MatMul(x, W)
        boolean int8 = precision == Precision.INT8 && quantizable;
        if (int8) {
            quantized++;
            return int8(name, x, wt, bias, out, in);
        }
        if (precision == Precision.INT8) {
            kept++;
        }
        String y = g.op("MatMul", x, g.floats(name + ".weight", wt, in, out)).out(name + ".matmul");
        return bias == null ? y : g.op("Add", y, g.floats(name + ".bias", bias, out)).out(name);
    }

    private String int8(String name, String x, float[] wt, float[] bias, int out, int in) {
        float[] scale = new float[out];
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < out; c++) {
                scale[c] = Math.max(scale[c], Math.abs(wt[r * out + c]));
            }
        }
        for (int c = 0; c < out; c++) {
            scale[c] = scale[c] == 0 ? 1f : scale[c] / 127f;
        }
        byte[] q = new byte[wt.length];
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < out; c++) {
                long v = Math.round(wt[r * out + c] / scale[c]);
                q[r * out + c] = (byte) Math.max(-127, Math.min(127, v));
            }
        }
        String[] inputs = bias == null
                ? new String[] {x, g.int8s(name + ".weight_int8", q, in, out), g.floats(name + ".weight_scale", scale, out),
                        g.int8s(name + ".weight_zero", new byte[out], out)}
                : new String[] {x, g.int8s(name + ".weight_int8", q, in, out), g.floats(name + ".weight_scale", scale, out),
                        g.int8s(name + ".weight_zero", new byte[out], out), g.floats(name + ".bias", bias, out)};
        return g.msOp("DynamicQuantizeMatMul", inputs).out(name);
    }

    /** Layers written with int8 weights so far. */
    int quantized() {
        return quantized;
    }

    /** Layers kept fp32 in an int8 export so far. */
    int kept() {
        return kept;
    }

    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }
}
