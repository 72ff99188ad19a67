package dev.autodistill4j.trainers.student;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.trainers.data.EmbeddingModelSupplier;
import dev.autodistill4j.trainers.model.TargetModelWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A student's text tower, which is the teacher's: prompts embedded at training time come from the student's
 * {@value #FILE}; any other text loads the teacher — once, only then, and only if its checkpoint has the
 * sha256 recorded at training time, so a student never mixes two embedding spaces. Thread-safe.
 */
final class TeacherText implements AutoCloseable {
    static final String FILE = "prompts.json";

    private final Map<String, float[]> cache;
    private final String spec;
    private final String sha256;
    private final Device device;
    private final Path studentDir;
    private final EmbeddingModelSupplier teachers;
    private EmbeddingModel teacher;

    TeacherText(Map<String, float[]> cache, String spec, String sha256, Device device, Path studentDir,
                EmbeddingModelSupplier teachers) {
        this.cache = new LinkedHashMap<>(cache);
        this.spec = spec;
        this.sha256 = sha256;
        this.device = device;
        this.studentDir = studentDir;
        this.teachers = teachers == null ? EmbeddingModelSupplier.fromClassPath() : teachers;
    }

    /** Raw teacher text embeddings, one per text, in order. */
    synchronized List<float[]> embed(List<String> texts) {
        List<String> missing = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
        if (!missing.isEmpty()) {
            List<float[]> fresh = teacher().embedTexts(missing);
            for (int i = 0; i < missing.size(); i++) {
                cache.put(missing.get(i), fresh.get(i));
            }
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(cache.get(t).clone());
        }
        return out;
    }

    /** Whether the teacher had to be loaded (for tests and logs). */
    synchronized boolean teacherLoaded() {
        return teacher != null;
    }

    private EmbeddingModel teacher() {
        if (teacher == null) {
            if (spec == null) {
                throw new ModelLoadException("student " + studentDir + " records no teacher: give "
                        + "`model-option` teacher=metaclip:PATH to embed new prompts");
            }
            EmbeddingModel t = teachers.load(spec, device);
            String actual = t.info().checkpointSha256();
            if (sha256 != null && !sha256.equalsIgnoreCase(String.valueOf(actual))) {
                t.close();
                throw new ModelLoadException("teacher " + spec + " has checkpoint sha256 " + actual + " but student "
                        + studentDir + " was distilled from " + sha256 + ": give `model-option` teacher=metaclip:PATH "
                        + "with the original checkpoint");
            }
            teacher = t;
        }
        return teacher;
    }

    /** Writes {@code prompts → raw embeddings} as the student's {@value #FILE}. */
    static void write(Path file, Map<String, float[]> prompts) throws IOException {
        ObjectNode root = TargetModelWriter.json().createObjectNode();
        ObjectNode p = root.putObject("prompts");
        prompts.forEach((text, v) -> {
            ArrayNode a = p.putArray(text);
            for (float f : v) {
                a.add(f);
            }
        });
        TargetModelWriter.json().writeValue(file.toFile(), root);
    }

    /** Reads a student's {@value #FILE}. */
    static Map<String, float[]> read(Path file) {
        JsonNode root;
        try {
            root = TargetModelWriter.json().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException(file + " is unreadable (" + e.getMessage() + "): retrain the student", e);
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        root.path("prompts").properties().forEach(e -> {
            float[] v = new float[e.getValue().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) e.getValue().get(i).asDouble();
            }
            out.put(e.getKey(), v);
        });
        return out;
    }

    @Override
    public synchronized void close() {
        if (teacher != null) {
            teacher.close();
            teacher = null;
        }
    }
}
