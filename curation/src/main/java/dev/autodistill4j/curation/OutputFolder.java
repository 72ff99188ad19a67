package dev.autodistill4j.curation;

import java.util.ArrayList;
import java.nio.file.LinkOption;
import java.io.OutputStream;
import dev.autodistill4j.datasets.Ownership;
import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.datasets.OutputFiles;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code --out} folder of {@code curate}. It must be new, empty, or an earlier curate output (its
 * {@code run.json} says {@code "command": "curate"} and it holds nothing but curate's own files), because
 * curate replaces its four files and must never touch anything else. Files are written under temporary names
 * and renamed into place at the end, {@code run.json} last, so a killed run leaves the previous result whole.
 * The folder is locked ({@link OutputLock}) from {@link #prepare} to {@link #close}, so two runs on one
 * {@code --out} never interleave their files; nothing is written or deleted through a link ({@link OutputFiles},
 * {@link Ownership}). Public so that {@code spark curate} writes a local {@code --out} by the very same rules.
 */
public final class OutputFolder implements AutoCloseable {
    public static final String MATCHES = "matches.jsonl";
    public static final String COUNTS = "counts.json";
    public static final String KEPT = "kept.jsonl";
    public static final String RUN = "run.json";
    public static final String COMMAND = "curate";
    private static final Set<String> OURS = Set.of(MATCHES, COUNTS, KEPT, RUN);
    private static final String TMP_PREFIX = ".curate-tmp-";

    private final Path dir;
    private final OutputLock lock;

    private OutputFolder(Path dir, OutputLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} if needed, locks it, checks it (see the class comment) and removes this tool's stale
     * temporaries. The caller closes the result to release the lock.
     */
    public static OutputFolder prepare(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new CurationException(d + " exists and is not a folder: give a new or empty `out` folder");
        }
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new CurationException("cannot create " + d + ": " + e.getMessage()
                    + " (check the path and permissions)", e);
        }
        OutputLock lock = OutputLock.acquire(d, "autodistill4j " + COMMAND);
        try {
            check(d);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return new OutputFolder(d, lock);
    }

    private static void check(Path d) {
        try {
            List<Path> children;
            try (Stream<Path> s = Files.list(d)) {
                children = s.toList();
            }
            boolean hasOurs = false;
            List<String> stale = new ArrayList<>();
            for (Path c : children) {
                String name = c.getFileName().toString();
                if (OutputLock.isLockFile(c)) {
                    continue;
                }
                if (!Files.isRegularFile(c, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CurationException(d + " holds " + name + ", which is not a regular file (a link, a "
                            + "folder or a special file) and so not curate's: choose a new or empty `out` folder "
                            + "(nothing was changed)");
                }
                if (!OURS.contains(name) && !name.startsWith(TMP_PREFIX)) {
                    throw new CurationException(d + " is not empty and holds " + name + ", which curate did not "
                            + "write: choose a new or empty `out` folder (nothing was changed)");
                }
                hasOurs |= OURS.contains(name);
            }
            if (hasOurs && !isCurateRun(d.resolve(RUN))) {
                throw new CurationException(d + " holds curate's file names but no run.json of a finished curate "
                        + "run, so they may not be curate's: move them away or choose a new `out` folder "
                        + "(nothing was changed)");
            }
            for (Path c : children) {
                if (c.getFileName().toString().startsWith(TMP_PREFIX)) {
                    stale.add(c.getFileName().toString());
                }
            }
            Ownership.deleteListed(d, stale, List.of());
        } catch (IOException e) {
            throw new CurationException("cannot prepare " + d + ": " + e.getMessage()
                    + " (check the path and permissions)", e);
        }
    }

    /** Creates the temporary of {@code name} for writing (new: a link planted there fails, never followed). */
    public OutputStream createTemp(String name) {
        try {
            return OutputFiles.createNew(temp(name));
        } catch (IOException e) {
            throw new CurationException("cannot create " + temp(name) + ": " + e.getMessage()
                    + " (check the disk and that " + dir + " is writable)", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Where {@code name} is written until {@link #commit}. */
    public Path temp(String name) {
        return dir.resolve(TMP_PREFIX + name);
    }

    /** Renames the finished temporary of {@code name} into place, replacing an earlier run's file. */
    public void commit(String name) {
        try {
            OutputFiles.moveInto(temp(name), dir.resolve(name)); // replaces a regular file only
        } catch (IOException e) {
            throw new CurationException("cannot move " + temp(name) + " to " + dir.resolve(name) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes the temporaries after a failure (only this tool's own files). */
    public void discardTemporaries() {
        for (String name : OURS) {
            Ownership.deleteOwnTemporary(temp(name)); // best effort: the next run removes them
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        lock.close();
    }

    private static boolean isCurateRun(Path runJson) {
        if (!Files.isRegularFile(runJson, LinkOption.NOFOLLOW_LINKS)) {
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
