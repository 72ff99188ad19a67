package dev.autodistill4j.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.tokenizer.ClipTokenizer;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import dev.autodistill4j.onnx.export.Precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An exported CLIP on disk, opened and verified: the manifest is read, its format checked, and every listed
 * file's sha256 compared, so a truncated copy or a file from another export is reported before it is run.
 */
public final class ClipOnnxDirectory {
    private final Path dir;
    private final JsonNode manifest;

    private ClipOnnxDirectory(Path dir, JsonNode manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /** Opens {@code dir}, throwing {@link ModelLoadException} that names the folder and the fix. */
    public static ClipOnnxDirectory open(Path dir) {
        Path file = dir.resolve(ClipOnnxManifest.FILE);
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("ONNX model folder " + dir + " does not exist: give the --out folder of "
                    + "'export --format onnx', e.g. --model onnx:/path/to/export");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(dir + " is not an exported CLIP (no " + ClipOnnxManifest.FILE + "): give the "
                    + "--out folder of 'export --model metaclip:REF --format onnx'");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException(file + " is corrupt (" + e.getMessage().lines().findFirst().orElse("")
                    + "): export the model again", e);
        }
        if (root == null || !ClipOnnxManifest.FORMAT.equals(root.path("format").asText())) {
            throw new ModelLoadException(file + " is not an autodistill4j ONNX CLIP manifest (format is not "
                    + ClipOnnxManifest.FORMAT + "): export the model again");
        }
        if (root.path("format_version").asInt(-1) != ClipOnnxManifest.FORMAT_VERSION) {
            throw new ModelLoadException(file + " has format_version " + root.path("format_version")
                    + "; this autodistill4j reads " + ClipOnnxManifest.FORMAT_VERSION + ": export the model again");
        }
        ClipOnnxDirectory d = new ClipOnnxDirectory(dir.toAbsolutePath().normalize(), root);
        d.verifyFiles();
        return d;
    }

    private void verifyFiles() {
        JsonNode files = manifest.path("files");
        if (!files.has(ClipOnnxManifest.IMAGE_FILE) || !files.has(ClipOnnxManifest.TEXT_FILE)) {
            throw new ModelLoadException(dir.resolve(ClipOnnxManifest.FILE) + " does not list both "
                    + ClipOnnxManifest.IMAGE_FILE + " and " + ClipOnnxManifest.TEXT_FILE + ": export the model again");
        }
        for (Map.Entry<String, JsonNode> e : files.properties()) {
            Path f = dir.resolve(e.getKey()).normalize();
            if (!f.startsWith(dir) || !Files.isRegularFile(f)) {
                throw new ModelLoadException("file " + e.getKey() + " listed in " + dir.resolve(ClipOnnxManifest.FILE)
                        + " is missing or outside the folder: copy the whole export folder, or export again");
            }
            String actual = ClipCheckpointLoader.sha256(f);
            if (!actual.equalsIgnoreCase(e.getValue().path("sha256").asText())) {
                throw new ModelLoadException(f + " is corrupt (sha256 " + actual + " differs from the manifest's): "
                        + "copy the export folder again or export again");
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public JsonNode manifest() {
        return manifest.deepCopy();
    }

    public Path imageEncoder() {
        return dir.resolve(ClipOnnxManifest.IMAGE_FILE);
    }

    public Path textEncoder() {
        return dir.resolve(ClipOnnxManifest.TEXT_FILE);
    }

    public Precision precision() {
        Precision p = Precision.fromId(manifest.path("precision").asText());
        if (p == null) {
            throw new ModelLoadException(dir.resolve(ClipOnnxManifest.FILE) + ": unknown precision '"
                    + manifest.path("precision").asText() + "': export the model again");
        }
        return p;
    }

    public float logitScale() {
        return (float) manifest.path("logit_scale").asDouble(100);
    }

    public int embeddingDimension() {
        return manifest.path("embedding_dimension").asInt();
    }

    public JsonNode tokenizerSection() {
        return manifest.path("tokenizer");
    }

    /** The tokenizer the export carries (vocab.json + merges.txt, or CLIP's BPE merges). */
    public ClipTokenizer tokenizer() {
        JsonNode t = tokenizerSection();
        int context = t.path("context_length").asInt(ClipTokenizer.DEFAULT_CONTEXT_LENGTH);
        if (t.has("vocab")) {
            return ClipTokenizer.fromFiles(dir.resolve(t.path("vocab").asText()), dir.resolve(t.path("merges").asText()),
                    context);
        }
        // the exported gz is byte-identical to the one inside the jar (its sha256 was verified on open)
        return ClipTokenizer.bundled().withContextLength(context);
    }

    public PreprocessorConfig preprocessing() {
        JsonNode p = manifest.path("preprocessing");
        return new PreprocessorConfig(p.path("resize_shortest_edge").asInt(), p.path("center_crop_height").asInt(),
                p.path("center_crop_width").asInt(), floats(p.path("mean")), floats(p.path("std")));
    }

    public String sourceSha256() {
        return manifest.path("source").path("sha256").asText(null);
    }

    public String license() {
        return manifest.path("license").asText(null);
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
