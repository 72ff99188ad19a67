package dev.autodistill4j.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What makes a folder a {@code label} output, and the only entries of it the tool may ever delete.
 *
 * <p>Ownership: a folder is ours only when its {@value #RUN_JSON} parses as a JSON object whose {@code tool} is
 * {@value #TOOL}. A stray {@code manifest.jsonl}, an empty or foreign {@code run.json}, a {@code run.json} of
 * another tool: not ours, and {@code --overwrite} refuses to touch the folder.
 *
 * <p>Owned entries ({@link #OWNED_ENTRIES}): {@code train/ valid/ test/ unlabeled/ manifest.jsonl run.json classes.txt
 * data.yaml} and
 * the tool's temporary files. {@link #deleteOwnedEntries} deletes exactly those, never following symbolic links
 * (a link is removed, never what it points to), and leaves everything else the user put in the folder.
 */
public final class LabelOutputFolder {
    public static final String RUN_JSON = "run.json";
    /** The {@code tool} value {@code label} writes into {@value #RUN_JSON}. */
    public static final String TOOL = "autodistill4j label";
    /** Temporary name of {@value #RUN_JSON} while it is rewritten. */
    public static final String RUN_JSON_TMP = ".run.json.tmp";
    /** Top-level entries {@code label} creates, and so the only ones {@code --overwrite} deletes. */
    public static final List<String> OWNED_ENTRIES = List.of("train", "valid", "test", DatasetWriter.UNLABELED,
            Manifest.FILE_NAME, RUN_JSON, RUN_JSON_TMP, ClassIndex.CLASSES_TXT, ClassIndex.DATA_YAML,
            "." + ClassIndex.CLASSES_TXT + ".tmp", "." + ClassIndex.DATA_YAML + ".tmp");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LabelOutputFolder() {
    }

    /** Whether {@code folder} holds a {@value #RUN_JSON} written by {@code label}. */
    public static boolean isOurs(Path folder) {
        return readRunJson(folder).isPresent();
    }

    /** The parsed {@value #RUN_JSON} of a {@code label} output, or empty when the folder is not one. */
    public static Optional<JsonNode> readRunJson(Path folder) {
        Path run = folder.resolve(RUN_JSON);
        if (!Files.isRegularFile(run, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            JsonNode n = MAPPER.readTree(run.toFile());
            return n != null && n.isObject() && TOOL.equals(n.path("tool").asText(null)) ? Optional.of(n)
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The class name → folder name mapping {@code label} recorded ({@code classFolders} in {@value #RUN_JSON}),
     * so readers give trained models the ontology's real class names, not the sanitised folder names. Empty
     * when the folder is not a {@code label} output or the record has no mapping.
     */
    public static Map<String, String> classFolders(Path folder) {
        Map<String, String> out = new LinkedHashMap<>();
        readRunJson(folder).ifPresent(n -> n.path("classFolders").properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        }));
        return out;
    }

    /**
     * Deletes the entries {@code label} owns in {@code folder} (see {@link #OWNED_ENTRIES}, plus the writer's
     * temporary files at the top level) and nothing else. Symbolic links are deleted as links.
     */
    public static void deleteOwnedEntries(Path folder) throws IOException {
        if (!isOurs(folder)) {
            throw new DatasetWriteException(folder + " is not an autodistill4j label output (its run.json is "
                    + "missing or was not written by '" + TOOL + "'): refusing to delete anything in it");
        }
        for (String name : OWNED_ENTRIES) {
            if (!name.equals(RUN_JSON)) {
                deleteTree(folder.resolve(name));
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, DatasetWriter.TMP_PREFIX + "*")) {
            for (Path p : ds) {
                deleteTree(p);
            }
        }
        deleteTree(folder.resolve(RUN_JSON)); // last: until then a crash leaves a folder still known as ours
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(p);
            return;
        }
        try (Stream<Path> s = Files.walk(p)) { // does not follow links: a linked folder is deleted as a link
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
