package dev.autodistill4j.onnx.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.onnx.graph.GraphBuilder;
import dev.autodistill4j.trainers.cnn.CnnExport;

import java.util.Arrays;
import java.util.Iterator;

/**
 * The target-trainers cnn as an ONNX graph, mirroring its DJL blocks in order: per stage conv 3×3 (pad 1, no
 * bias) → batch norm (running statistics) → ReLU, plus a ResNet basic block after every stage but the first
 * when residual; 2×2 max-pooling between stages; global average pooling; linear; softmax. Parameters are
 * consumed in DJL's block order and each is checked by name suffix and shape. The cnn student's int8 export
 * writes every conv but the first (which reads raw pixels and costs little) as {@link Int8Conv}.
 */
final class CnnGraph {
    private final GraphBuilder g = new GraphBuilder("cnn");
    private final Iterator<CnnExport.Param> params;
    private final float eps;
    private final Precision precision;
    private int int8Convs;
    private int fp32Convs;

    private CnnGraph(CnnExport cnn, Precision precision) {
        this.params = cnn.parameters().iterator();
        this.eps = cnn.batchNormEpsilon();
        this.precision = precision;
    }

    static GraphBuilder build(CnnExport cnn) {
        return build(cnn, true, Precision.FP32).graph();
    }

    /**
     * The cnn student's image tower: the same stages and linear head, its output the raw (unnormalised) embedding
     * {@value TargetOnnxExporter#EMBEDDINGS}, as the DJL student returns it.
     */
    static BuiltGraph embeddings(CnnExport cnn, Precision precision) {
        return build(cnn, false, precision);
    }

    private static BuiltGraph build(CnnExport cnn, boolean softmax, Precision precision) {
        CnnGraph b = new CnnGraph(cnn, precision);
        GraphBuilder g = b.g;
        int size = cnn.inputSize();
        String x = g.input(TargetOnnxExporter.INPUT, DataType.FLOAT, "batch", 3L, (long) size, (long) size);
        int[] widths = cnn.widths();
        for (int i = 0; i < widths.length; i++) {
            x = b.convBnRelu(x, "stage" + i);
            if (cnn.residual() && i > 0) {
                String h = b.convBnRelu(x, "stage" + i + ".res1");
                h = b.convBn(h, "stage" + i + ".res2");
                x = g.op("Relu", g.op("Add", h, x).out("stage" + i + ".sum")).out("stage" + i + ".res");
            }
            if (i < widths.length - 1) {
                x = g.op("MaxPool", x).attr("kernel_shape", new long[] {2, 2}).attr("strides", new long[] {2, 2})
                        .out("stage" + i + ".pool");
            }
        }
        x = g.op("GlobalAveragePool", x).out("gap");
        x = g.op("Flatten", x).attr("axis", 1L).out("features");
        CnnExport.Param w = b.next("_weight", 2);
        CnnExport.Param bias = b.next("_bias", 1);
        int classes = (int) w.shape()[0];
        int in = (int) w.shape()[1];
        String logits = new LinearLayers(g, Precision.FP32).apply("classifier", x, w.values(), bias.values(), classes,
                in, false);
        if (softmax) {
            String probs = g.op("Softmax", logits).attr("axis", -1L).out(TargetOnnxExporter.OUTPUT);
            g.output(probs, DataType.FLOAT, "batch", (long) classes);
        } else {
            g.output(g.op("Identity", logits).out(TargetOnnxExporter.EMBEDDINGS), DataType.FLOAT, "batch",
                    (long) classes);
        }
        if (b.params.hasNext()) {
            throw new Autodistill4jException("the cnn has parameters this exporter does not know ("
                    + b.params.next().name() + "): it was trained by another version; retrain or upgrade");
        }
        // int8: every conv but the first in int8 (Int8Conv); the first conv and the linear head stay fp32
        return precision == Precision.INT8 ? new BuiltGraph(g, b.int8Convs, b.fp32Convs + 1) : new BuiltGraph(g, 0, 0);
    }

    private String convBnRelu(String x, String name) {
        return g.op("Relu", convBn(x, name)).out(name + ".relu");
    }

    private String convBn(String x, String name) {
        CnnExport.Param w = next("_weight", 4);
        if (precision == Precision.INT8 && int8Convs + fp32Convs > 0) { // the first conv reads raw pixels: fp32
            int8Convs++;
            return Int8Conv.convBn(g, name, x, w.values(), w.shape(), next("_gamma", 1).values(),
                    next("_beta", 1).values(), next("_runningMean", 1).values(), next("_runningVar", 1).values(), eps);
        }
        fp32Convs++;
        String conv = g.op("Conv", x, g.floats(name + ".conv.weight", w.values(), w.shape()))
                .attr("kernel_shape", new long[] {w.shape()[2], w.shape()[3]}).attr("pads", new long[] {1, 1, 1, 1})
                .out(name + ".conv");
        String gamma = vector(next("_gamma", 1), name + ".bn.gamma");
        String beta = vector(next("_beta", 1), name + ".bn.beta");
        String mean = vector(next("_runningMean", 1), name + ".bn.mean");
        String var = vector(next("_runningVar", 1), name + ".bn.var");
        return g.op("BatchNormalization", conv, gamma, beta, mean, var).attr("epsilon", eps).out(name + ".bn");
    }

    private String vector(CnnExport.Param p, String name) {
        return g.floats(name, p.values(), p.shape());
    }

    private CnnExport.Param next(String suffix, int rank) {
        if (!params.hasNext()) {
            throw new Autodistill4jException("the cnn has fewer parameters than its architecture needs: the model "
                    + "directory is damaged; retrain the model");
        }
        CnnExport.Param p = params.next();
        if (!p.name().endsWith(suffix) || p.shape().length != rank) {
            throw new Autodistill4jException("unexpected cnn parameter " + p.name() + " " + Arrays.toString(p.shape())
                    + " (expected *" + suffix + " of rank " + rank + "): retrain the model with this version");
        }
        return p;
    }
}
