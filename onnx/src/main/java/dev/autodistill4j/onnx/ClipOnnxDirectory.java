package dev.autodistill4j.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.ConfigFields;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.tokenizer.ClipTokenizer;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.onnx.runtime.FolderPaths;
import dev.autodistill4j.onnx.runtime.OnnxModelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An exported CLIP on disk, opened and verified before anything runs: the manifest's every field is typed and
 * ranged ({@link ClipOnnxFields}); every listed file must lie inside the folder (by name and by real path) with
 * the listed size and sha256; both graphs are parsed and checked ({@link OnnxModelFile}: external data only
 * from files inside the folder) and every external-data file they use must be one the manifest hashes; the
 * graphs' declared input and output sizes must match the manifest. A truncated copy, a file from another export
 * or a folder made to read files outside it is reported naming the file and the fix.
 */
public final class ClipOnnxDirectory {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Path dir;
    private final JsonNode manifest;
    private final ClipOnnxFields fields;
    private final OnnxModelFile image;
    private final OnnxModelFile text;

    private ClipOnnxDirectory(Path dir, JsonNode manifest, ClipOnnxFields fields, OnnxModelFile image,
                              OnnxModelFile text) {
        this.dir = dir;
        this.manifest = manifest;
        this.fields = fields;
        this.image = image;
        this.text = text;
    }

    /** Opens {@code dir}, throwing {@link ModelLoadException} that names the folder and the fix. */
    public static ClipOnnxDirectory open(Path dir) {
        Path file = dir.resolve(ClipOnnxManifest.FILE);
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("ONNX model folder " + dir + " does not exist: give the `out` folder of "
                    + "'export `format` onnx', e.g. `model` onnx:/path/to/export");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(dir + " is not an exported CLIP (no " + ClipOnnxManifest.FILE + "): give the "
                    + "`out` folder of 'export `model` metaclip:REF `format` onnx'");
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
        ClipOnnxFields fields = ClipOnnxFields.read(file, root);
        Path real = realFolder(dir);
        Set<String> listed = verifyFiles(real, file, root, fields);
        OnnxModelFile image = graph(real, ClipOnnxManifest.IMAGE_FILE, listed, file);
        OnnxModelFile text = graph(real, ClipOnnxManifest.TEXT_FILE, listed, file);
        ConfigFields f = ClipOnnxFields.fields(file);
        int size = fields.preprocessing().cropHeight();
        requireShape(f, image, "pixel_values", List.of(-1L, 3L, (long) size, (long) size), "preprocessing");
        requireShape(f, image, "image_embeds", List.of(-1L, (long) fields.embeddingDimension()), "embedding_dimension");
        requireShape(f, text, "text_embeds", List.of(-1L, (long) fields.embeddingDimension()), "embedding_dimension");
        return new ClipOnnxDirectory(dir.toAbsolutePath().normalize(), root, fields, image, text);
    }

    private static Path realFolder(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new ModelLoadException("cannot resolve the ONNX model folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Checks every {@code files} entry; returns the listed names. */
    private static Set<String> verifyFiles(Path real, Path file, JsonNode root, ClipOnnxFields fields) {
        ConfigFields f = ClipOnnxFields.fields(file);
        JsonNode files = f.requiredObject(root, "", "files");
        Map<String, String> needed = new LinkedHashMap<>();
        needed.put("image_encoder.file", ClipOnnxManifest.IMAGE_FILE);
        needed.put("text_encoder.file", ClipOnnxManifest.TEXT_FILE);
        if (fields.vocab() == null) {
            needed.put("tokenizer.bpe_merges_gz", ClipTokenizer.BUNDLED_BPE);
        } else {
            needed.put("tokenizer.vocab", fields.vocab());
            needed.put("tokenizer.merges", fields.merges());
        }
        needed.forEach((field, name) -> f.require(files.has(name), field + " names '" + name + "', which files does "
                + "not list (every file the model reads must be listed with its sha256)"));
        Set<String> listed = new HashSet<>();
        for (Map.Entry<String, JsonNode> e : files.properties()) {
            String name = e.getKey();
            String where = "files." + name;
            String problem = FolderPaths.problem(real, name);
            if (problem != null) {
                throw new ModelLoadException(file + ": " + where + " " + problem + ". Copy the whole export folder, "
                        + "or export again");
            }
            f.requiredObject(files, "files", name);
            String sha = f.requiredText(e.getValue(), where, "sha256");
            f.require(SHA256.matcher(sha).matches(), where + ".sha256 '" + sha + "' is not 64 hex digits");
            Path path = FolderPaths.resolve(real, name);
            long bytes = (long) f.requiredNumber(e.getValue(), where, "bytes", b -> b >= 0 && b == Math.rint(b),
                    "a whole number of bytes");
            long actual = size(path);
            if (actual != bytes || !ClipCheckpointLoader.sha256(path).equalsIgnoreCase(sha)) {
                throw new ModelLoadException(path + " is corrupt (" + (actual != bytes ? actual + " bytes, the "
                        + "manifest says " + bytes : "its sha256 differs from the manifest's") + "): copy the export "
                        + "folder again or export again");
            }
            listed.add(name);
        }
        return listed;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Parses and checks one graph; every external-data file it reads must be hashed by the manifest. */
    private static OnnxModelFile graph(Path real, String name, Set<String> listed, Path manifestFile) {
        OnnxModelFile model = OnnxModelFile.read(FolderPaths.resolve(real, name));
        for (String external : model.externalFiles()) {
            if (!listed.contains(external)) {
                throw new ModelLoadException(model.file() + " reads external data from '" + external + "', which "
                        + manifestFile + " does not list (so its sha256 is unchecked): export the model again");
            }
        }
        return model;
    }

    /** Refuses a graph whose declared input/output shape contradicts the manifest (-1 = any size). */
    private static void requireShape(ConfigFields f, OnnxModelFile model, String value, List<Long> expected,
                                     String field) {
        List<Long> declared = model.shape(value);
        f.require(declared != null && declared.size() == expected.size(), model.file().getFileName() + " has no "
                + value + " of rank " + expected.size());
        for (int i = 0; i < expected.size(); i++) {
            long want = expected.get(i);
            long got = declared.get(i);
            f.require(want < 0 || got < 0 || want == got, field + " says " + value + " is " + expected
                    + " (-1 = any) but " + model.file().getFileName() + " declares " + declared);
        }
    }

    public Path dir() {
        return dir;
    }

    public JsonNode manifest() {
        return manifest.deepCopy();
    }

    public Path imageEncoder() {
        return image.file();
    }

    public Path textEncoder() {
        return text.file();
    }

    /** The checked image graph, as ONNX Runtime will load it. */
    public OnnxModelFile imageModel() {
        return image;
    }

    /** The checked text graph, as ONNX Runtime will load it. */
    public OnnxModelFile textModel() {
        return text;
    }

    public Precision precision() {
        return fields.precision();
    }

    public float logitScale() {
        return fields.logitScale();
    }

    public int embeddingDimension() {
        return fields.embeddingDimension();
    }

    public int contextLength() {
        return fields.contextLength();
    }

    public int vocabSize() {
        return fields.vocabSize();
    }

    public int eosTokenId() {
        return fields.eosTokenId();
    }

    /** The sha256 of the image graph, as the manifest lists (and open verified) it. */
    public String imageSha256() {
        return manifest.path("files").path(ClipOnnxManifest.IMAGE_FILE).path("sha256").asText();
    }

    /** The tokenizer the export carries (vocab.json + merges.txt, or CLIP's BPE merges). */
    public ClipTokenizer tokenizer() {
        if (fields.vocab() != null) {
            return ClipTokenizer.fromFiles(image.folder().resolve(fields.vocab()), image.folder().resolve(fields.merges()),
                    fields.contextLength());
        }
        // the exported gz is byte-identical to the one inside the jar (its sha256 was verified on open)
        return ClipTokenizer.bundled().withContextLength(fields.contextLength());
    }

    public PreprocessorConfig preprocessing() {
        return fields.preprocessing();
    }

    public String sourceReference() {
        return fields.sourceReference();
    }

    public String sourceSha256() {
        return fields.sourceSha256();
    }

    public String license() {
        return fields.license();
    }

    public String architecture() {
        return fields.architecture();
    }
}
