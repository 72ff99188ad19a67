package dev.autodistill4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.onnx.export.TargetOnnxExporter;
import dev.autodistill4j.onnx.export.TargetOnnxManifest;
import dev.autodistill4j.onnx.runtime.OrtSessions;
import dev.autodistill4j.onnx.runtime.OrtSettings;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.student.StudentImageTower;
import dev.autodistill4j.trainers.student.StudentLoader;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code --model onnx:DIR} for the export of a student ({@code export --model target:STUDENT --format onnx}):
 * images through the exported image tower on ONNX Runtime, everything else — text embeddings (the prompts the
 * student cached, then its teacher's text tower), the training ontology, the teacher's logit scale, zero-shot
 * classification — from the student directory itself, because the export carries no text tower. The student
 * directory is the one the export recorded, or {@code --model-option student=DIR} when it was moved; its weights
 * must be the ones exported (sha256), so a retrained student is never paired with a stale tower.
 */
final class OnnxStudent {
    /** {@code --model-option student=DIR}: where the exported student's directory is now. */
    static final String STUDENT_OPTION = "student";

    private OnnxStudent() {
    }

    /** Whether {@code dir} holds a target export (rather than a CLIP export). */
    static boolean isTargetExport(Path dir) {
        return Files.isRegularFile(dir.resolve(TargetOnnxManifest.FILE), LinkOption.NOFOLLOW_LINKS);
    }

    static BaseModel load(Path export, ModelRequest request, OrtSettings settings) {
        JsonNode m = manifest(export);
        if (!"student".equals(m.path("trainer").asText())) {
            throw new ModelLoadException(export + " is the ONNX export of a '" + m.path("trainer").asText()
                    + "' model, which `model` onnx: does not run (only CLIP and student exports): deploy its "
                    + TargetOnnxManifest.MODEL_FILE + " directly, or use `model` target:" + m.path("source_model")
                    .asText("DIR"));
        }
        Path onnx = export.resolve(TargetOnnxManifest.MODEL_FILE);
        String expected = m.path("files").path(TargetOnnxManifest.MODEL_FILE).path("sha256").asText("");
        if (!Files.isRegularFile(onnx, LinkOption.NOFOLLOW_LINKS) || !expected.equals(ClipCheckpointLoader.sha256(onnx))) {
            throw new ModelLoadException(onnx + " is missing or not the file " + export + "/"
                    + TargetOnnxManifest.FILE + " records (sha256): export the student again");
        }
        Map<String, String> rest = new HashMap<>(request.options());
        String moved = rest.remove(STUDENT_OPTION);
        TargetModelDirectory student = studentDir(export, moved != null ? moved : m.path("source_model").asText(""));
        JsonNode e = m.path("embedding");
        if (!Objects.equals(e.path("student_weights_sha256").asText(null), StudentLoader.weightsSha256(student))) {
            throw new ModelLoadException(student.dir() + " holds other weights than the student exported to " + export
                    + " (retrained since?): export it again, or point `model-option` student= at the exported one");
        }
        int size = StudentLoader.imageSize(student);
        int exported = e.path("image_size").asInt(m.path("preprocessing").path("input_size").asInt(size));
        if (size < 1 || size != exported) {
            throw new ModelLoadException(export + " does not fit the input of " + student.dir() + ": export again");
        }
        OrtSession session = OrtSessions.open(onnx, settings);
        return StudentLoader.withImageTower(student, new ModelRequest(student.dir().toString(), request.ontology(),
                request.device(), rest), new Tower(session));
    }

    private static JsonNode manifest(Path export) {
        Path f = export.resolve(TargetOnnxManifest.FILE);
        try {
            JsonNode m = new ObjectMapper().readTree(Files.readString(f));
            if (!TargetOnnxManifest.FORMAT.equals(m.path("format").asText())) {
                throw new ModelLoadException(f + " is not an autodistill4j target export (format '"
                        + m.path("format").asText() + "'): export the model again");
            }
            return m;
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + f + " (" + e.getMessage() + "): export the model again", e);
        }
    }

    private static TargetModelDirectory studentDir(Path export, String dir) {
        if (dir.isBlank()) {
            throw new ModelLoadException(export + "/" + TargetOnnxManifest.FILE + " names no student directory: give "
                    + "`model-option` student=DIR (the student's text side lives there)");
        }
        try {
            return TargetModelDirectory.open(Path.of(dir));
        } catch (RuntimeException e) {
            throw new ModelLoadException("the student directory of " + export + ", " + dir + ", cannot be opened ("
                    + e.getMessage() + "): give `model-option` student=DIR where it is now", e);
        }
    }

    /** The exported image tower on ONNX Runtime. */
    private record Tower(OrtSession session) implements StudentImageTower {
        @Override
        public float[][] embed(float[] batchChw, int count, int size) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(batchChw),
                    new long[] {count, 3, size, size});
                 OrtSession.Result r = session.run(Map.of(TargetOnnxExporter.INPUT, x))) {
                return (float[][]) r.get(0).getValue();
            } catch (OrtException e) {
                throw new ModelLoadException("ONNX Runtime failed on the student's image tower: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
