package dev.autodistill4j.onnx.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.onnx.graph.GraphBuilder;
import dev.autodistill4j.trainers.cnn.CnnExport;
import dev.autodistill4j.trainers.linear.LinearProbeExport;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.student.StudentExport;
import dev.autodistill4j.trainers.student.StudentLoader;
import dev.autodistill4j.trainers.student.VitTowerExport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The JSON beside an exported target model ({@value #FILE}): the classes in output order, how to preprocess
 * an image into {@code pixel_values}, where the model came from (its manifest's provenance), and file hashes.
 */
public final class TargetOnnxManifest {
    public static final String FILE = "target-onnx.json";
    public static final String FORMAT = "autodistill4j-onnx-target";
    public static final String MODEL_FILE = "model.onnx";

    private TargetOnnxManifest() {
    }

    static ObjectNode linearProbe(TargetModelDirectory dir, LinearProbeExport probe, ClipCheckpoint base,
                                  Precision precision) {
        ObjectNode m = common(dir, probe.classes(), precision);
        PreprocessorConfig pre = base.preprocess();
        ObjectNode p = m.putObject("preprocessing");
        p.put("convert", "RGB");
        p.put("resize_shortest_edge", pre.shortestEdge());
        p.put("resample", "bicubic (PIL)");
        p.put("center_crop_height", pre.cropHeight());
        p.put("center_crop_width", pre.cropWidth());
        p.put("rescale", "1/255");
        floats(p.putArray("mean"), pre.mean());
        floats(p.putArray("std"), pre.std());
        p.put("layout", "NCHW");
        ObjectNode b = m.putObject("base_model");
        b.put("spec", probe.baseModelSpec());
        b.put("checkpoint", String.valueOf(base.source()));
        b.put("sha256", base.sha256());
        b.put("architecture", ClipOnnxManifest.architecture(base.config()));
        m.put("graph", "pixel_values -> CLIP image tower -> L2 normalise -> softmax(W x + b) -> probabilities");
        return m;
    }

    static ObjectNode cnn(TargetModelDirectory dir, CnnExport cnn) {
        ObjectNode m = common(dir, cnn.classes(), Precision.FP32);
        squashPreprocessing(m, cnn);
        m.put("graph", "pixel_values -> conv/batch-norm/ReLU stages -> global average pool -> linear -> softmax");
        return m;
    }

    /**
     * A student's image tower. Its text side is not exported: text embeddings come from the student directory
     * (the training prompts it caches, the teacher's text tower it records by sha256), named here — with the
     * teacher, by spec and checkpoint sha256 — so a runtime can pair the two.
     *
     * @param int8Layers weight layers (linear or conv) written in int8 (0 in fp32)
     * @param fp32Layers weight layers an int8 export kept in fp32 (0 in fp32)
     */
    static ObjectNode student(TargetModelDirectory dir, StudentExport student, Precision precision, int int8Layers,
                              int fp32Layers) {
        ObjectNode m = common(dir, List.of(), precision);
        m.put("output", TargetOnnxExporter.EMBEDDINGS + ": float32 [batch, " + student.dimension()
                + "], raw image embeddings in the teacher's space (L2-normalise before cosine)");
        ObjectNode e = m.putObject("embedding");
        e.put("arch", student.arch());
        e.put("dimension", student.dimension());
        e.put("logit_scale", student.logitScale());
        e.put("student_weights_sha256", StudentLoader.weightsSha256(dir));
        e.put("teacher", student.teacher().spec());
        e.put("teacher_checkpoint_sha256", student.teacher().checkpointSha256());
        e.put("text", "from the student directory " + dir.dir() + " (cached prompts, else its teacher's text tower)");
        VitTowerExport vit = student.vit();
        if (precision == Precision.INT8) {
            ObjectNode q = m.putObject("quantization");
            q.put("scheme", "int8 weights, symmetric per output channel (max|w|/127), activations quantised per call "
                    + (vit != null ? "(com.microsoft.DynamicQuantizeMatMul)" : "(DynamicQuantizeLinear + ConvInteger, "
                    + "batch norm folded into the weights)"));
            q.put("int8_layers", int8Layers);
            q.put("fp32_layers", fp32Layers);
            q.put("kept_fp32", vit != null ? "patch embedding and visual projection" : "first conv and linear head");
        }
        if (vit == null) {
            e.put("image_size", student.cnn().inputSize());
            squashPreprocessing(m, student.cnn());
            m.put("graph", "pixel_values -> conv/batch-norm/ReLU stages -> global average pool -> linear -> "
                    + "image_embeds");
            return m;
        }
        vitTower(m, e, vit);
        return m;
    }

    private static void vitTower(ObjectNode m, ObjectNode e, VitTowerExport vit) {
        ClipConfig.Vision t = vit.vision();
        e.put("image_size", t.imageSize());
        clipPreprocessing(m.putObject("preprocessing"), vit.preprocessor());
        ObjectNode v = e.putObject("vision");
        v.put("layers", t.layers());
        v.put("teacher_layers", vit.teacherLayers());
        ArrayNode kept = v.putArray("kept_teacher_layers");
        for (int k : vit.keptLayers()) {
            kept.add(k);
        }
        v.put("architecture", String.format(Locale.ROOT, "ViT %dpx patch %d, %d layers x %d wide, %d heads, MLP %d; "
                + "embed %d; %s", t.imageSize(), t.patchSize(), t.layers(), t.width(), t.heads(), t.intermediateSize(),
                vit.projectionDim(), t.activation().name().toLowerCase(Locale.ROOT)));
        m.put("graph", "pixel_values -> patch embedding -> " + t.layers() + " CLIP transformer blocks -> post "
                + "layer norm (class token) -> visual projection -> image_embeds");
    }

    /** The teacher's preprocessing, as a CLIP export writes it (plus the exact-size resize MetaCLIP 2 uses). */
    private static void clipPreprocessing(ObjectNode p, PreprocessorConfig pre) {
        ClipOnnxManifest.preprocessing(p, pre);
        if (pre.resize() == PreprocessorConfig.Resize.EXACT) {
            p.remove("resize_shortest_edge");
            p.put("resize_exact_height", pre.resizeHeight());
            p.put("resize_exact_width", pre.resizeWidth());
        }
    }

    private static void squashPreprocessing(ObjectNode m, CnnExport cnn) {
        ObjectNode p = m.putObject("preprocessing");
        p.put("convert", "RGB");
        p.put("resize", "whole image squashed to " + cnn.inputSize() + "x" + cnn.inputSize() + " (bilinear)");
        p.put("rescale", "1/255");
        floats(p.putArray("mean"), new float[] {cnn.mean(), cnn.mean(), cnn.mean()});
        floats(p.putArray("std"), new float[] {cnn.std(), cnn.std(), cnn.std()});
        p.put("layout", "NCHW");
    }

    private static ObjectNode common(TargetModelDirectory dir, List<String> classes, Precision precision) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("format", FORMAT);
        m.put("format_version", 1);
        m.put("trainer", dir.trainer());
        m.put("precision", precision.id());
        m.put("opset", GraphBuilder.OPSET);
        m.put("model", MODEL_FILE);
        m.put("input", TargetOnnxExporter.INPUT + ": float32 [batch, 3, H, W], preprocessed as below");
        m.put("output", TargetOnnxExporter.OUTPUT + ": float32 [batch, classes], in the order of 'classes'");
        ArrayNode c = m.putArray("classes");
        classes.forEach(c::add);
        m.put("source_model", dir.dir().toString());
        m.set("provenance", dir.provenance().deepCopy());
        return m;
    }

    static void addFiles(ObjectNode m, List<Path> files, Path dir) throws IOException {
        ObjectNode hashes = m.putObject("files");
        for (Path f : files) {
            ObjectNode e = hashes.putObject(dir.relativize(f).toString());
            e.put("sha256", ClipCheckpointLoader.sha256(f));
            e.put("bytes", Files.size(f));
        }
    }

    private static void floats(ArrayNode a, float[] values) {
        for (float v : values) {
            a.add(v);
        }
    }
}
