package dev.autodistill4j.trainers.student;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.metaclip.ClipOptions;
import dev.autodistill4j.runtime.zeroshot.ZeroShotSettings;
import dev.autodistill4j.trainers.cnn.Devices;
import dev.autodistill4j.trainers.data.EmbeddingModelSupplier;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens a student directory as a {@link StudentModel}. Options: the runtime's zero-shot settings
 * ({@code aggregation}, {@code templates}), the CLIP {@code batch} (accepted as for its teacher) plus
 * {@code teacher=SPEC}, where to find the teacher
 * when the directory was moved to another machine (its checkpoint must have the recorded sha256).
 */
public final class StudentLoader {
    /** {@code --model-option teacher=metaclip:PATH}. */
    static final String TEACHER_OPTION = "teacher";

    private StudentLoader() {
    }

    static StudentModel load(TargetModelDirectory dir, ModelRequest request, EmbeddingModelSupplier teachers) {
        return load(dir, request, null, teachers);
    }

    static StudentModel load(TargetModelDirectory dir, ModelRequest request) {
        return load(dir, request, null, null);
    }

    /**
     * The student directory {@code dir} — its text side (cached prompts, then the teacher's text tower), its
     * training ontology and the teacher's logit scale — with images embedded by {@code tower} (an exported copy of
     * its image tower) instead of its DJL weights. The result is also a {@link
     * dev.autodistill4j.api.model.ClassificationBaseModel}. The tower is closed with the model, or here on failure.
     */
    public static EmbeddingModel withImageTower(TargetModelDirectory dir, ModelRequest request,
                                                StudentImageTower tower) {
        try {
            return load(dir, request, java.util.Objects.requireNonNull(tower, "tower"), null);
        } catch (RuntimeException e) {
            tower.close();
            throw e;
        }
    }

    /** The weights file's sha256 as the manifest records it (an export names the weights it was made from). */
    public static String weightsSha256(TargetModelDirectory dir) {
        return dir.manifest().path("files").path(StudentTrainer.WEIGHTS).path("sha256").asText(null);
    }

    /**
     * The side of the square image the student's tower reads: the cnn student's input size, the vit-shrunk
     * student's (the teacher's) crop; {@code -1} when the record has neither or the crop is not square.
     */
    public static int imageSize(TargetModelDirectory dir) {
        JsonNode p = dir.preprocessing();
        if (p.has("input_size")) {
            return p.path("input_size").asInt(-1);
        }
        int h = p.path("crop_height").asInt(-1);
        return h == p.path("crop_width").asInt(-2) ? h : -1;
    }

    private static StudentModel load(TargetModelDirectory dir, ModelRequest request, StudentImageTower exported,
                                     EmbeddingModelSupplier teachers) {
        StudentConfig cfg = StudentConfig.read(dir);
        JsonNode embedding = dir.manifest().path("embedding");
        int dimension = embedding.path("dimension").asInt(-1);
        double logitScale = embedding.path("logit_scale").asDouble(Double.NaN);
        if (dimension < 1 || !(logitScale > 0)) {
            throw new ModelLoadException(dir.dir() + "/model.json lacks the student's embedding dimension or logit "
                    + "scale: the directory is damaged; retrain the student");
        }
        ClipOptions.from(request);
        String teacher = request.options().get(TEACHER_OPTION);
        ZeroShotSettings settings = ZeroShotSettings.from(request.options());
        Ontology ontology = request.ontology() != null ? request.ontology() : trainingOntology(embedding);
        Map<String, float[]> cached = dir.manifest().path("files").has(TeacherText.FILE)
                ? TeacherText.read(dir.file(TeacherText.FILE)) : Map.of();
        TeacherText text = new TeacherText(cached, teacher != null ? teacher : embedding.path("teacher").asText(null),
                embedding.path("teacher_checkpoint_sha256").asText(null), request.device(), dir.dir(), teachers);
        StudentNetwork network = StudentNetwork.fromManifest(cfg, dimension, dir.preprocessing());
        Device device;
        try {
            device = Devices.toDjl(request.device());
        } catch (RuntimeException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        StudentImageTower tower = exported != null ? exported : djlTower(dir, network, device);
        return new StudentModel(tower, network, text, dimension, logitScale,
                info(dir, cfg, embedding, dimension, logitScale, device), ontology, settings);
    }

    private static StudentImageTower djlTower(TargetModelDirectory dir, StudentNetwork network, Device device) {
        Model model = Model.newInstance(StudentTrainer.NAME, device, "PyTorch");
        try {
            model.setBlock(network.block());
            model.load(dir.dir(), StudentTrainer.WEIGHTS_PREFIX, Map.of("epoch", "0"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException("cannot load the student's weights from " + dir.dir() + " ("
                    + e.getMessage() + "): the directory is damaged; retrain the student", e);
        }
        return new DjlStudentTower(model);
    }

    private static Ontology trainingOntology(JsonNode embedding) {
        JsonNode o = embedding.path("ontology");
        if (!o.isObject() || o.size() < 2) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return CaptionOntology.of(m);
    }

    private static ModelInfo info(TargetModelDirectory dir, StudentConfig cfg, JsonNode embedding, int dimension,
                                  double logitScale, Device device) {
        String sha = weightsSha256(dir);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trainer", StudentTrainer.NAME);
        details.put("arch", cfg.arch().id());
        details.put("teacher", embedding.path("teacher").asText(""));
        details.put("teacher_checkpoint_sha256", embedding.path("teacher_checkpoint_sha256").asText(""));
        details.put("dimension", dimension);
        details.put("logit_scale", logitScale);
        details.put("device", device.toString());
        return new ModelInfo("target", dir.dir().toString(), dir.file(StudentTrainer.WEIGHTS).toString(), sha,
                dir.provenanceRecord().baseModel() == null ? null : dir.provenanceRecord().baseModel().license(),
                details);
    }
}
