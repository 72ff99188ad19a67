package dev.autodistill4j.onnx.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import dev.autodistill4j.metaclip.checkpoint.TensorDType;
import dev.autodistill4j.metaclip.checkpoint.TensorInfo;
import dev.autodistill4j.onnx.graph.GraphBuilder;
import dev.autodistill4j.trainers.cnn.CnnExport;
import dev.autodistill4j.trainers.student.VitTowerExport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@code vit-shrunk} student's image tower as an ONNX graph: {@value TargetOnnxExporter#INPUT} in,
 * {@value TargetOnnxExporter#EMBEDDINGS} (raw, as the DJL student returns it) out. The student is a CLIP vision
 * tower with fewer blocks whose tensors keep the Hugging Face names, so the graph is {@link VisionGraph}'s,
 * built from the student's tensors instead of a checkpoint's — one definition of the arithmetic for teacher and
 * student, and int8 quantises the student's block MatMuls exactly as it does the teacher's ({@link LinearLayers}).
 */
final class VitStudentGraph {
    private static final String PATCH = "vision_model.embeddings.patch_embedding.weight";

    private VitStudentGraph() {
    }

    /** @param source the student directory, named in any error about its tensors */
    static BuiltGraph build(VitTowerExport vit, Precision precision, String source) {
        ClipConfig.Vision v = vit.vision();
        GraphBuilder g = new GraphBuilder("vit_student");
        String pixels = g.input(TargetOnnxExporter.INPUT, DataType.FLOAT, "batch", 3L, (long) v.imageSize(),
                (long) v.imageSize());
        LinearLayers linear = new LinearLayers(g, precision);
        CheckedWeights w = new CheckedWeights(new Tensors(vit), source);
        String embeds = VisionGraph.tower(g, w, v, vit.projectionDim(), linear, pixels);
        w.verify();
        g.output(g.op("Identity", embeds).out(TargetOnnxExporter.EMBEDDINGS), DataType.FLOAT, "batch",
                (long) vit.projectionDim());
        return new BuiltGraph(g, linear.quantized(), linear.kept());
    }

    /**
     * The student's tensors as a state dict, the patch embedding given the convolution's Hugging Face shape
     * {@code [width, 3, patch, patch]} (the student stores it as the equivalent {@code [width, 3·patch²]} matrix).
     */
    private static final class Tensors implements StateDict {
        private final Map<String, CnnExport.Param> byName = new LinkedHashMap<>();
        private final long[] patchShape;

        Tensors(VitTowerExport vit) {
            vit.parameters().forEach(p -> byName.put(p.name(), p));
            int p = vit.vision().patchSize();
            patchShape = new long[] {vit.vision().width(), 3, p, p};
        }

        @Override
        public Set<String> names() {
            return byName.keySet();
        }

        @Override
        public TensorInfo info(String name) {
            CnnExport.Param p = param(name);
            long[] shape = PATCH.equals(name) && p.shape().length == 2 && p.values().length == size(patchShape)
                    ? patchShape : p.shape();
            return new TensorInfo(name, TensorDType.F32, shape);
        }

        @Override
        public float[] floats(String name) {
            return param(name).values();
        }

        private CnnExport.Param param(String name) {
            CnnExport.Param p = byName.get(name);
            if (p == null) {
                throw new CheckpointException("the student has no tensor " + name + ": retrain it with this version");
            }
            return p;
        }

        private static long size(long[] shape) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        @Override
        public void close() {
        }
    }
}
