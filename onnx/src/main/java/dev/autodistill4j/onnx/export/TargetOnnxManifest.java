package dev.autodistill4j.onnx.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.onnx.graph.GraphBuilder;
import dev.autodistill4j.trainers.cnn.CnnExport;
import dev.autodistill4j.trainers.linear.LinearProbeExport;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.student.StudentExport;
import dev.autodistill4j.trainers.student.StudentLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
     * (the training prompts it caches, the teacher's text tower it records by sha256), named here so a runtime
     * can pair the two.
     */
    static ObjectNode student(TargetModelDirectory dir, StudentExport student) {
        ObjectNode m = common(dir, List.of(), Precision.FP32);
        m.put("output", TargetOnnxExporter.EMBEDDINGS + ": float32 [batch, " + student.dimension()
                + "], raw image embeddings in the teacher's space (L2-normalise before cosine)");
        squashPreprocessing(m, student.cnn());
        ObjectNode e = m.putObject("embedding");
        e.put("arch", student.arch());
        e.put("dimension", student.dimension());
        e.put("logit_scale", student.logitScale());
        e.put("student_weights_sha256", StudentLoader.weightsSha256(dir));
        e.put("text", "from the student directory " + dir.dir() + " (cached prompts, else its teacher's text tower)");
        m.put("graph", "pixel_values -> conv/batch-norm/ReLU stages -> global average pool -> linear -> image_embeds");
        return m;
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
