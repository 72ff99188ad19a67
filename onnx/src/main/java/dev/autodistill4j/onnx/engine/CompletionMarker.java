package dev.autodistill4j.onnx.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@value #FILE}: written last into a cached export, after every other file is complete and synced, with the
 * size and sha256 of each. A cache entry is trusted only when its marker exists, names the entry's key and
 * exporter version, and lists exactly the files present with those sizes and hashes — so an export killed at
 * any point (no marker yet, a file cut short, a file replaced afterwards) is never used, and is made again.
 */
final class CompletionMarker {
    static final String FILE = "export-complete.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompletionMarker() {
    }

    /** Syncs every file of {@code dir}, then writes and syncs the marker (through a temporary name). */
    static void write(Path dir, ExportKey key, String reference) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("key", key.id());
        root.put("exporter_version", ExportKey.EXPORTER_VERSION);
        root.put("precision", key.precision().id());
        root.put("checkpoint_sha256", key.checkpointSha256());
        root.put("first_reference", reference);
        ObjectNode files = root.putObject("files");
        for (Map.Entry<String, Path> e : files(dir).entrySet()) {
            sync(e.getValue());
            ObjectNode f = files.putObject(e.getKey());
            f.put("bytes", Files.size(e.getValue()));
            f.put("sha256", ClipCheckpointLoader.sha256(e.getValue()));
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        sync(tmp);
        Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        syncFolder(dir);
    }

    /** Why {@code dir} is not a complete export for {@code key}, or null when it is. */
    static String problem(Path dir, ExportKey key) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return "no " + FILE + " (the export that wrote it did not finish)";
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            return FILE + " is unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        if (root == null || !key.id().equals(root.path("key").asText())
                || root.path("exporter_version").asInt(-1) != ExportKey.EXPORTER_VERSION) {
            return FILE + " names another key or exporter version";
        }
        Map<String, Path> present;
        try {
            present = files(dir);
        } catch (IOException e) {
            return "cannot list it (" + e.getMessage() + ")";
        }
        JsonNode listed = root.path("files");
        if (listed.size() != present.size()) {
            return FILE + " lists " + listed.size() + " files but " + present.size() + " are present";
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = listed.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Path p = present.get(e.getKey());
            if (p == null) {
                return e.getKey() + " is missing";
            }
            String why = fileProblem(p, e.getValue());
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private static String fileProblem(Path p, JsonNode expected) {
        try {
            if (Files.size(p) != expected.path("bytes").asLong(-1)) {
                return p.getFileName() + " has " + Files.size(p) + " bytes, " + FILE + " says "
                        + expected.path("bytes").asText();
            }
        } catch (IOException e) {
            return "cannot read " + p.getFileName() + " (" + e.getMessage() + ")";
        }
        if (!ClipCheckpointLoader.sha256(p).equalsIgnoreCase(expected.path("sha256").asText())) {
            return p.getFileName() + "'s sha256 differs from " + FILE + "'s";
        }
        return null;
    }

    /** The regular files of {@code dir} except the marker (and its temporary), by name. */
    private static Map<String, Path> files(Path dir) throws IOException {
        Map<String, Path> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!n.equals(FILE) && !n.equals(FILE + ".tmp")) {
                    m.put(n, p);
                }
            }
        }
        return m;
    }

    static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Syncs a folder's entries (names) where the platform allows opening a folder; a no-op elsewhere. */
    static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open folders; the rename is still atomic there
        }
    }
}
