package dev.autodistill4j.trainers.student;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.config.HyperParameters;
import dev.autodistill4j.trainers.config.TrainerConfig;
import dev.autodistill4j.trainers.data.DatasetRunRecord;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The student trainer's settings, validated in one place before any image is read, and read back from
 * {@code model.json} when a student is loaded.
 *
 * @param teacher      the teacher's {@code provider[:reference]} ({@code --base-model}; else the model that
 *                     labelled the dataset; else {@code metaclip})
 * @param arch         the student's shape
 * @param inputSize    cnn input side in pixels (vit-shrunk uses the teacher's)
 * @param widths       cnn channels per stage
 * @param layers       vit-shrunk: teacher layers kept (0 = half of them, rounded up)
 * @param relational   weight of the relational term (batch similarity matrices, mean squared difference); 0 = off
 * @param prompts      an ontology whose prompts are embedded by the teacher at training time and cached in the
 *                     model directory ({@code -p prompts=FILE}), or null (the dataset's own ontology, if any)
 */
public record StudentConfig(String teacher, StudentArch arch, int inputSize, int[] widths, int layers, int epochs,
                            int batchSize, double learningRate, double weightDecay, double relational,
                            Path prompts) implements TrainerConfig {

    public static final Set<String> KEYS = Set.of("arch", "input-size", "widths", "layers", "batch-size", "lr",
            "weight-decay", "relational", "prompts");
    static final String NAME = "student";
    private static final String DEFAULT_WIDTHS = "32,64,128,256";

    public StudentConfig {
        widths = widths.clone();
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    /** Parses and validates the request's settings. */
    public static StudentConfig from(TrainingRequest r) {
        HyperParameters p = HyperParameters.of(NAME, r, KEYS);
        StudentArch arch = StudentArch.parse(p.text("arch", StudentArch.CNN.id()));
        int inputSize = p.integer("input-size", 64, 16, 512);
        int[] widths = parseWidths(p.text("widths", DEFAULT_WIDTHS));
        if (inputSize >> (widths.length - 1) < 2) {
            throw new TrainingException("input-size=" + inputSize + " is too small for " + widths.length
                    + " stages (each halves the size): raise input-size or give fewer widths");
        }
        boolean vit = arch == StudentArch.VIT_SHRUNK;
        String promptsText = p.text("prompts", null);
        Path prompts = promptsText == null ? null : Path.of(promptsText);
        if (prompts != null && !Files.isRegularFile(prompts)) {
            throw new TrainingException("prompts file " + prompts + " does not exist: give -p prompts=ONTOLOGY.yaml "
                    + "(its prompts are embedded once and cached in the student)");
        }
        String teacher = DatasetRunRecord.of(r.datasetDir()).baseModel(r.baseModelSpec(), "metaclip", NAME);
        return new StudentConfig(teacher, arch, inputSize, widths, p.integer("layers", 0, 0, 1024),
                r.epochs() > 0 ? r.epochs() : vit ? 20 : 40,
                p.integer("batch-size", 32, 2, 65_536),
                p.decimal("lr", vit ? 1e-4 : 0.003, 0, false, Double.POSITIVE_INFINITY, false),
                p.decimal("weight-decay", 0.0, 0, true, Double.POSITIVE_INFINITY, false),
                p.decimal("relational", 0.0, 0, true, Double.POSITIVE_INFINITY, false),
                prompts);
    }

    /** The architecture settings a student directory was written with. */
    static StudentConfig read(TargetModelDirectory dir) {
        JsonNode hp = dir.hyperParameters();
        JsonNode w = hp.path("widths");
        if (!hp.path("arch").isTextual() || !w.isArray()) {
            throw new ModelLoadException(dir.dir() + "/model.json lacks the student's arch or widths: the "
                    + "directory is damaged; retrain the student");
        }
        int[] widths = new int[w.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = w.get(i).asInt();
        }
        StudentArch arch;
        try {
            arch = StudentArch.parse(hp.path("arch").asText());
        } catch (TrainingException e) {
            throw new ModelLoadException(dir.dir() + "/model.json: " + e.getMessage(), e);
        }
        return new StudentConfig(hp.path("teacher").asText(null), arch, hp.path("input-size").asInt(64), widths,
                hp.path("layers").asInt(0), hp.path("epochs").asInt(0), hp.path("batch-size").asInt(32),
                hp.path("lr").asDouble(0), hp.path("weight-decay").asDouble(0), hp.path("relational").asDouble(0),
                null);
    }

    private static int[] parseWidths(String text) {
        try {
            int[] w = Arrays.stream(text.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
            if (w.length == 0 || w.length > 6 || Arrays.stream(w).anyMatch(v -> v < 1 || v > 1024)) {
                throw new NumberFormatException();
            }
            return w;
        } catch (NumberFormatException e) {
            throw new TrainingException("widths=" + text + " is not 1 to 6 comma-separated channel counts: give "
                    + "e.g. widths=" + DEFAULT_WIDTHS);
        }
    }

    /** This config with the vit-shrunk layer count fixed once the teacher's depth is known. */
    StudentConfig withLayers(int kept) {
        return new StudentConfig(teacher, arch, inputSize, widths, kept, epochs, batchSize, learningRate,
                weightDecay, relational, prompts);
    }

    @Override
    public Map<String, Object> toHyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("teacher", teacher);
        m.put("arch", arch.id());
        m.put("input-size", inputSize);
        m.put("widths", Arrays.stream(widths).boxed().toList());
        m.put("layers", layers);
        m.put("epochs", epochs);
        m.put("batch-size", batchSize);
        m.put("lr", learningRate);
        m.put("weight-decay", weightDecay);
        m.put("relational", relational);
        if (prompts != null) {
            m.put("prompts", prompts.toAbsolutePath().toString());
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StudentConfig c && toHyperParameters().equals(c.toHyperParameters());
    }

    @Override
    public int hashCode() {
        return toHyperParameters().hashCode();
    }

    @Override
    public String toString() {
        return "StudentConfig" + toHyperParameters();
    }
}
