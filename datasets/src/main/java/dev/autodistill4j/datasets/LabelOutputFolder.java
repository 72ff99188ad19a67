package dev.autodistill4j.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What makes a folder a {@code label} output, and the only entries of it the tool may ever delete.
 *
 * <p>Ownership: a folder is ours only when its {@value #RUN_JSON} parses as a JSON object whose {@code tool} is
 * {@value #TOOL} (or {@value #SPARK_TOOL}: the same dataset written on Spark). A stray {@code manifest.jsonl}, an empty or foreign {@code run.json}, a {@code run.json} of
 * another tool: not ours, and {@code --overwrite} refuses to touch the folder.
 *
 * <p>Owned files: those {@code manifest.jsonl} lists (and where reviews moved them), {@code manifest.jsonl},
 * {@code run.json}, {@code classes.txt}, {@code data.yaml} and the tool's temporary files — never a file merely because it lies in {@code train/}.
 * {@link #deleteOwnedEntries} deletes exactly those through {@link Ownership}, never through a symbolic link,
 * and leaves everything else the user put in the folder.
 */
public final class LabelOutputFolder {
    public static final String RUN_JSON = "run.json";
    /** The {@code tool} value {@code label} writes into {@value #RUN_JSON}. */
    public static final String TOOL = "autodistill4j label";
    /**
     * The {@code tool} value {@code spark label} writes: the same dataset (layout, manifest, settings), so it is
     * ours too and the local {@code label} resumes it or replaces it with {@code --overwrite}.
     */
    public static final String SPARK_TOOL = "autodistill4j spark label";
    /** The {@code command} value {@code dataset balance} writes into its {@value #RUN_JSON}. */
    public static final String BALANCE_COMMAND = "dataset balance";
    /** Temporary name of {@value #RUN_JSON} while it is rewritten. */
    public static final String RUN_JSON_TMP = ".run.json.tmp";
    /** Top-level entries {@code label} creates, and so the only ones {@code --overwrite} deletes. */
    public static final List<String> OWNED_ENTRIES = List.of("train", "valid", "test", DatasetWriter.UNLABELED,
            Manifest.FILE_NAME, RUN_JSON, RUN_JSON_TMP, ClassIndex.CLASSES_TXT, ClassIndex.DATA_YAML,
            "." + ClassIndex.CLASSES_TXT + ".tmp", "." + ClassIndex.DATA_YAML + ".tmp");
    /** The folders {@code label} writes images into; removed by {@code --overwrite} only once empty. */
    public static final List<String> OWNED_FOLDERS = List.of("train", "valid", "test", DatasetWriter.UNLABELED);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LabelOutputFolder() {
    }

    /** Whether {@code folder} holds a {@value #RUN_JSON} written by {@code label}. */
    public static boolean isOurs(Path folder) {
        return readRunJson(folder).isPresent();
    }

    /** The parsed {@value #RUN_JSON} of a {@code label} output, or empty when the folder is not one. */
    public static Optional<JsonNode> readRunJson(Path folder) {
        return runJsonWith(folder, "tool", TOOL);
    }

    /** The {@value #RUN_JSON} of {@code folder} when it is a JSON object whose {@code key} is {@code value}. */
    private static Optional<JsonNode> runJsonWith(Path folder, String key, String value) {
        Path run = folder.resolve(RUN_JSON);
        if (!Files.isRegularFile(run, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            JsonNode n = MAPPER.readTree(run.toFile());
            return n != null && n.isObject() && matches(key, value, n.path(key).asText(null)) ? Optional.of(n)
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code actual} is {@code value}; for {@code tool}, label's value also admits {@code spark label}'s. */
    private static boolean matches(String key, String value, String actual) {
        return "tool".equals(key) && TOOL.equals(value) ? isLabelTool(actual) : value.equals(actual);
    }

    /** Whether a run.json {@code tool} value names one of the commands that write a label dataset. */
    public static boolean isLabelTool(String tool) {
        return TOOL.equals(tool) || SPARK_TOOL.equals(tool);
    }

    /**
     * The class name → folder name mapping {@code label} (or {@code dataset balance}, which keeps it) recorded
     * ({@code classFolders} in {@value #RUN_JSON}), so readers give trained models the ontology's real class
     * names, not the sanitised folder names. Empty when the folder is neither output or the record has no
     * mapping.
     */
    public static Map<String, String> classFolders(Path folder) {
        Map<String, String> out = new LinkedHashMap<>();
        readRunJson(folder).or(() -> runJsonWith(folder, "command", BALANCE_COMMAND))
                .ifPresent(n -> n.path("classFolders").properties().forEach(e -> {
                    if (e.getValue().isTextual()) {
                        out.put(e.getKey(), e.getValue().asText());
                    }
                }));
        return out;
    }

    /**
     * Deletes what {@code label} wrote in {@code folder} and nothing else, through {@link Ownership}: the files
     * {@code manifest.jsonl} lists, the files in {@code alsoOwned} (where a review moved images), the writer's
     * temporaries, {@code manifest.jsonl} and {@code run.json} (last: until then a crash leaves a folder still
     * known as ours), then the split and class folders that are empty afterwards. A file a user added, even inside
     * {@code train/<class>/}, stays, and so does its folder; a link on the way is refused before anything goes.
     */
    public static void deleteOwnedEntries(Path folder, Collection<String> alsoOwned) throws IOException {
        if (!isOurs(folder)) {
            throw new DatasetWriteException(folder + " is not an autodistill4j label output (its run.json is "
                    + "missing or was not written by '" + TOOL + "'): refusing to delete anything in it");
        }
        Set<String> files = new LinkedHashSet<>(Manifest.listedFiles(folder.resolve(Manifest.FILE_NAME)));
        files.addAll(alsoOwned);
        files.addAll(DatasetWriter.temporaryFiles(folder));
        files.add(Manifest.FILE_NAME);
        files.add(RUN_JSON_TMP);
        try (Stream<Path> top = Files.list(folder)) {
            top.filter(p -> OutputFiles.isTemporaryOf(RUN_JSON, p)).forEach(p -> files.add(p.getFileName().toString()));
        }
        Ownership.deleteListed(folder, files, OWNED_FOLDERS);
        Ownership.deleteListed(folder, List.of(RUN_JSON), List.of());
    }
}
