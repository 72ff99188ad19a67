package dev.autodistill4j.trainers.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.trainers.data.Hashing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trained model on disk: {@value #MANIFEST} (classes, preprocessing, provenance, hyper-parameters, metrics,
 * and the sha256 of every weight file) beside the weight files. Opening one verifies every listed file's hash,
 * so a truncated copy or a hand-edited weight file is reported before any prediction is made.
 */
public final class TargetModelDirectory {
    public static final String MANIFEST = "model.json";
    public static final String FORMAT = "autodistill4j-target-model";
    public static final int FORMAT_VERSION = 1;

    private final Path dir;
    private final ObjectNode manifest;

    private TargetModelDirectory(Path dir, ObjectNode manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /** Opens and verifies a model directory. */
    public static TargetModelDirectory open(Path dir) throws ModelLoadException {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ModelLoadException("target model directory " + dir + " does not exist: give the `out` folder "
                    + "of a finished 'train' run, e.g. `model` target:/path/to/model");
        }
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(dir + " is not a target model directory (no " + MANIFEST + "): give the "
                    + "`out` folder of a finished 'train' run");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException(file + " is corrupt (" + e.getMessage().lines().findFirst().orElse("")
                    + "): retrain the model or restore the directory from a backup", e);
        }
        if (!(root instanceof ObjectNode obj) || !FORMAT.equals(root.path("format").asText())) {
            throw new ModelLoadException(file + " is not an autodistill4j target model manifest (format field "
                    + "missing or wrong): retrain the model or restore the directory");
        }
        int version = root.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new ModelLoadException(file + " has format_version " + version + " but this autodistill4j reads "
                    + FORMAT_VERSION + ": retrain the model with this version");
        }
        TargetModelDirectory d = new TargetModelDirectory(dir.toAbsolutePath().normalize(), obj);
        if (d.trainer().isEmpty() || (d.classes().size() < 2 && !d.isEmbeddingModel())) {
            throw new ModelLoadException(file + " lacks 'trainer' or has fewer than two 'classes': the directory "
                    + "is damaged; retrain the model");
        }
        d.verifyFiles();
        return d;
    }

    private void verifyFiles() {
        JsonNode files = manifest.path("files");
        if (!files.isObject() || files.isEmpty()) {
            throw new ModelLoadException(dir.resolve(MANIFEST) + " lists no weight files: the directory is "
                    + "damaged; retrain the model");
        }
        for (Map.Entry<String, JsonNode> e : files.properties()) {
            Path f = dir.resolve(e.getKey()).normalize();
            if (!f.startsWith(dir)) {
                throw new ModelLoadException(dir.resolve(MANIFEST) + " names a file outside the model directory ("
                        + e.getKey() + "): refusing to read it");
            }
            if (!Files.isRegularFile(f)) {
                throw new ModelLoadException("weight file " + f + " is missing from the model directory: copy the "
                        + "whole directory, or retrain the model");
            }
            String expected = e.getValue().path("sha256").asText();
            String actual = Hashing.sha256(f);
            if (!expected.equalsIgnoreCase(actual)) {
                throw new ModelLoadException("weight file " + f + " is corrupt (sha256 " + actual + ", the manifest "
                        + "records " + expected + "): copy the directory again or retrain the model");
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public String trainer() {
        return manifest.path("trainer").asText("");
    }

    /**
     * True for a model that embeds into its teacher's space ({@code "embedding"} block in the manifest): it
     * classifies with any ontology, so it needs no classes of its own.
     */
    public boolean isEmbeddingModel() {
        return manifest.path("embedding").isObject();
    }

    public List<String> classes() {
        List<String> out = new ArrayList<>();
        manifest.path("classes").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A file named in the manifest (already hash-verified). */
    public Path file(String name) {
        if (!manifest.path("files").has(name)) {
            throw new ModelLoadException(dir.resolve(MANIFEST) + " does not list " + name + ": the directory was "
                    + "written by another trainer or is damaged; retrain the model");
        }
        return dir.resolve(name);
    }

    public JsonNode preprocessing() {
        return manifest.path("preprocessing");
    }

    public JsonNode provenance() {
        return manifest.path("provenance");
    }

    /** The provenance block as its typed record. */
    public Provenance provenanceRecord() {
        return Provenance.fromJson(provenance());
    }

    public JsonNode hyperParameters() {
        return manifest.path("hyper_parameters");
    }

    public JsonNode metrics() {
        return manifest.path("metrics");
    }

    /** The whole manifest (read-only use). */
    public JsonNode manifest() {
        return manifest.deepCopy();
    }
}
