package dev.autodistill4j.onnx.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.autodistill4j.onnx.graph.GraphBuilder;

/**
 * A convolution (stride 1, pad 1, no bias) followed by inference batch norm, as int8 ONNX nodes: the batch norm
 * folded into the weights and a bias, the weights rounded to int8 with one symmetric scale per output channel
 * ({@code max|w| / 127}, no calibration data), the input quantised per call from its own range
 * ({@code DynamicQuantizeLinear}), the product in integers ({@code ConvInteger}) and scaled back to float. ONNX
 * Runtime's CPU {@code ConvInteger} takes only uint8 weights, so the int8 values are stored shifted by 128 with
 * zero point 128 — the same numbers. Measured on the cnn student: over 2× the fp32 graph's images/s, embedding
 * cosine to fp32 above 0.9999 (docs/onnx.md).
 */
final class Int8Conv {
    private Int8Conv() {
    }

    /**
     * @param weight {@code [out, in, kh, kw]}
     * @return the batch-normalised output's value name
     */
    static String convBn(GraphBuilder g, String name, String x, float[] weight, long[] shape, float[] gamma,
                         float[] beta, float[] mean, float[] var, float eps) {
        int out = (int) shape[0];
        int per = weight.length / out;
        byte[] q = new byte[weight.length];
        float[] scale = new float[out];
        float[] bias = new float[out];
        for (int c = 0; c < out; c++) {
            float k = (float) (gamma[c] / Math.sqrt(var[c] + eps));
            float max = 0;
            for (int i = 0; i < per; i++) {
                max = Math.max(max, Math.abs(weight[c * per + i] * k));
            }
            scale[c] = max == 0 ? 1f : max / 127f;
            for (int i = 0; i < per; i++) {
                long v = Math.max(-127, Math.min(127, Math.round(weight[c * per + i] * k / scale[c])));
                q[c * per + i] = (byte) (v + 128);
            }
            bias[c] = beta[c] - mean[c] * k;
        }
        String[] dq = g.op("DynamicQuantizeLinear", x).outs(name + ".xq", name + ".xscale", name + ".xzero");
        String conv = g.op("ConvInteger", dq[0], g.uint8s(name + ".weight_uint8", q, shape), dq[2],
                        g.uint8s(name + ".weight_zero", new byte[] {(byte) 128}))
                .attr("kernel_shape", new long[] {shape[2], shape[3]}).attr("pads", new long[] {1, 1, 1, 1})
                .out(name + ".conv_int");
        String f = g.op("Cast", conv).attr("to", (long) DataType.FLOAT_VALUE).out(name + ".conv_float");
        f = g.op("Mul", f, dq[1]).out(name + ".conv_x");
        f = g.op("Mul", f, g.floats(name + ".weight_scale", scale, 1, out, 1, 1)).out(name + ".conv_scaled");
        return g.op("Add", f, g.floats(name + ".bias", bias, 1, out, 1, 1)).out(name + ".bn");
    }
}
