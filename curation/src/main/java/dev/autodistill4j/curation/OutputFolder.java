package dev.autodistill4j.curation;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code --out} folder of {@code curate}. It must be new, empty, or an earlier curate output (its
 * {@code run.json} says {@code "command": "curate"} and it holds nothing but curate's own files), because
 * curate replaces its four files and must never touch anything else. Files are written under temporary names
 * and renamed into place at the end, {@code run.json} last, so a killed run leaves the previous result whole.
 */
final class OutputFolder {
    static final String MATCHES = "matches.jsonl";
    static final String COUNTS = "counts.json";
    static final String KEPT = "kept.jsonl";
    static final String RUN = "run.json";
    static final String COMMAND = "curate";
    private static final Set<String> OURS = Set.of(MATCHES, COUNTS, KEPT, RUN);
    private static final String TMP_PREFIX = ".curate-tmp-";

    private final Path dir;

    private OutputFolder(Path dir) {
        this.dir = dir;
    }

    /** Checks {@code dir} (see the class comment), creates it if needed and removes this tool's stale temporaries. */
    static OutputFolder prepare(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(d) && !Files.isDirectory(d)) {
                throw new CurationException(d + " exists and is not a folder: give a new or empty --out folder");
            }
            Files.createDirectories(d);
            List<Path> children;
            try (Stream<Path> s = Files.list(d)) {
                children = s.toList();
            }
            boolean hasOurs = false;
            for (Path c : children) {
                String name = c.getFileName().toString();
                if (!OURS.contains(name) && !name.startsWith(TMP_PREFIX)) {
                    throw new CurationException(d + " is not empty and holds " + name + ", which curate did not "
                            + "write: choose a new or empty --out folder (nothing was changed)");
                }
                hasOurs |= OURS.contains(name);
            }
            if (hasOurs && !isCurateRun(d.resolve(RUN))) {
                throw new CurationException(d + " holds curate's file names but no run.json of a finished curate "
                        + "run, so they may not be curate's: move them away or choose a new --out folder "
                        + "(nothing was changed)");
            }
            for (Path c : children) {
                if (c.getFileName().toString().startsWith(TMP_PREFIX)) {
                    Files.deleteIfExists(c);
                }
            }
        } catch (IOException e) {
            throw new CurationException("cannot prepare " + d + ": " + e.getMessage()
                    + " (check the path and permissions)", e);
        }
        return new OutputFolder(d);
    }

    Path dir() {
        return dir;
    }

    /** Where {@code name} is written until {@link #commit}. */
    Path temp(String name) {
        return dir.resolve(TMP_PREFIX + name);
    }

    /** Renames the finished temporary of {@code name} into place, replacing an earlier run's file. */
    void commit(String name) {
        try {
            Files.move(temp(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CurationException("cannot move " + temp(name) + " to " + dir.resolve(name) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes the temporaries after a failure (only this tool's own files). */
    void discardTemporaries() {
        for (String name : OURS) {
            try {
                Files.deleteIfExists(temp(name));
            } catch (IOException ignored) {
                // best effort: the next run removes them
            }
        }
    }

    private static boolean isCurateRun(Path runJson) {
        if (!Files.isRegularFile(runJson)) {
            return false;
        }
        try {
            JsonNode n = TextRow.JSON.readTree(runJson.toFile());
            return n != null && COMMAND.equals(n.path("command").asText(null));
        } catch (IOException e) {
            return false;
        }
    }
}
