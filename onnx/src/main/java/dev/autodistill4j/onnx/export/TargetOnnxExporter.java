package dev.autodistill4j.onnx.export;

import dev.autodistill4j.datasets.OutputFiles;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.metaclip.MetaclipProvider;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.hub.ModelReferences;
import dev.autodistill4j.onnx.graph.GraphBuilder;
import dev.autodistill4j.onnx.graph.OnnxFileWriter;
import dev.autodistill4j.trainers.cnn.CnnExport;
import dev.autodistill4j.trainers.linear.LinearProbeExport;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.student.StudentExport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Exports a model trained here ({@code train} output folder) as one ONNX graph from preprocessed image to class
 * probabilities, {@value TargetOnnxManifest#MODEL_FILE}, with {@value TargetOnnxManifest#FILE} beside it:
 * a linear probe with its CLIP image tower in front (pixels → embedding → L2 normalisation → softmax(Wx + b)),
 * or a cnn (conv / batch norm / ReLU stages → global average pool → linear → softmax), or a student's image
 * tower to its raw embedding in the teacher's space (a cnn student: the same stages; a vit-shrunk student: the
 * CLIP vision tower with its fewer blocks, int8 as CLIP's); a student's text stays with its directory.
 */
public final class TargetOnnxExporter {
    /** Graph input and output names. */
    public static final String INPUT = "pixel_values";
    public static final String OUTPUT = "probabilities";
    /** A student export's output: raw image embeddings, as the DJL student returns them. */
    public static final String EMBEDDINGS = "image_embeds";

    private final Precision precision;
    private final OnnxFileWriter writer;

    public TargetOnnxExporter(Precision precision) {
        this.precision = precision;
        this.writer = new OnnxFileWriter();
    }

    /** Writes the export of {@code modelDir} into {@code out}; returns the manifest. */
    public ObjectNode export(Path modelDir, Path out) throws IOException {
        TargetModelDirectory dir = TargetModelDirectory.open(modelDir);
        ObjectNode manifest;
        List<Path> files;
        switch (dir.trainer()) {
            case "linear-probe" -> {
                LinearProbeExport probe = LinearProbeExport.read(dir);
                ModelSpec base = ModelSpec.parse(probe.baseModelSpec());
                if (!"metaclip".equals(base.provider())) {
                    throw new Autodistill4jException("linear probe " + dir.dir() + " was trained on '"
                            + probe.baseModelSpec() + "'; only metaclip base models can be exported with it");
                }
                String ref = base.reference() == null ? "hf:" + MetaclipProvider.DEFAULT_REFERENCE : base.reference();
                try (ClipCheckpoint checkpoint = ClipCheckpointLoader.load(ModelReferences.resolve(ref))) {
                    GraphBuilder g = linearProbe(probe, checkpoint);
                    files = writer.write(g, out.resolve(TargetOnnxManifest.MODEL_FILE), metadata(dir));
                    manifest = TargetOnnxManifest.linearProbe(dir, probe, checkpoint, precision);
                }
            }
            case "cnn" -> {
                if (precision == Precision.INT8) {
                    throw new Autodistill4jException("`int8` is not offered for a cnn classifier (only for CLIP, "
                            + "linear probes and students; docs/onnx.md): export " + dir.dir() + " without `int8`");
                }
                CnnExport cnn = CnnExport.read(dir);
                files = writer.write(CnnGraph.build(cnn), out.resolve(TargetOnnxManifest.MODEL_FILE), metadata(dir));
                manifest = TargetOnnxManifest.cnn(dir, cnn);
            }
            case "student" -> {
                StudentExport student = StudentExport.read(dir);
                BuiltGraph built = student(dir, student);
                files = writer.write(built.graph(), out.resolve(TargetOnnxManifest.MODEL_FILE), metadata(dir));
                manifest = TargetOnnxManifest.student(dir, student, precision, built.int8Layers(),
                        built.fp32Layers());
            }
            default -> throw new Autodistill4jException(dir.dir() + " was trained by '" + dir.trainer()
                    + "', which has no ONNX export: linear-probe, cnn and student models can be exported");
        }
        TargetOnnxManifest.addFiles(manifest, files, out);
        try (var stream = OutputFiles.openTruncate(out.resolve(TargetOnnxManifest.FILE))) { // never via a link
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(stream, manifest);
        }
        return manifest;
    }

    /**
     * A student's image tower: a vit-shrunk student through the CLIP vision-tower builder (int8: its block
     * MatMuls, as for CLIP); a cnn student through the cnn builder (int8: its convolutions but the first).
     */
    private BuiltGraph student(TargetModelDirectory dir, StudentExport student) {
        if (student.vit() != null) {
            return VitStudentGraph.build(student.vit(), precision, dir.dir().toString());
        }
        return CnnGraph.embeddings(student.cnn(), precision);
    }

    private GraphBuilder linearProbe(LinearProbeExport probe, ClipCheckpoint checkpoint) {
        GraphBuilder g = new GraphBuilder("linear_probe");
        int s = checkpoint.config().vision().imageSize();
        String pixels = g.input(INPUT, DataType.FLOAT, "batch", 3L, (long) s, (long) s);
        CheckedWeights w = new CheckedWeights(checkpoint.weights(), String.valueOf(checkpoint.source()));
        LinearLayers linear = new LinearLayers(g, precision);
        String embeds = VisionGraph.tower(g, w, checkpoint.config(), linear, pixels);
        w.verify();
        int dim = checkpoint.config().projectionDim();
        int classes = probe.classes().size();
        if (probe.weights()[0].length != dim) {
            throw new Autodistill4jException("the linear probe reads " + probe.weights()[0].length + "-d embeddings "
                    + "but its base model " + checkpoint.source() + " makes " + dim + "-d ones: retrain the probe");
        }
        String norm = g.op("ReduceL2", embeds).attr("axes", new long[] {1}).attr("keepdims", 1L).out("norm");
        String unit = g.op("Div", embeds, norm).out("unit_embeds");
        float[] flat = new float[classes * dim];
        for (int c = 0; c < classes; c++) {
            System.arraycopy(probe.weights()[c], 0, flat, c * dim, dim);
        }
        String logits = linear.apply("probe", unit, flat, probe.bias(), classes, dim, false);
        String probs = g.op("Softmax", logits).attr("axis", -1L).out(OUTPUT);
        g.output(probs, DataType.FLOAT, "batch", (long) classes);
        return g;
    }

    private static Map<String, String> metadata(TargetModelDirectory dir) {
        return Map.of("trainer", dir.trainer(), "source_model", dir.dir().toString());
    }
}
