package dev.autodistill4j.trainers.model;

import dev.autodistill4j.datasets.Ownership;
import dev.autodistill4j.datasets.OutputFiles;
import dev.autodistill4j.datasets.StagingPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.data.Hashing;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds a model directory in a hidden staging folder beside the destination and renames it into place only
 * when the manifest is written, so an interrupted run never leaves something that looks like a model.
 */
public final class TargetModelWriter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path destination;
    private final Path staging;
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Set<String> carried;
    private boolean committed;

    private TargetModelWriter(Path destination, Path staging, Set<String> carried) {
        this.destination = destination;
        this.staging = staging;
        this.carried = Set.copyOf(carried);
    }

    /** Checks the destination is absent or empty before any training time is spent. */
    public static void checkDestination(Path destination) {
        checkDestination(destination, Set.of());
    }

    /**
     * As {@link #checkDestination(Path)}, but the folder may already hold files named in {@code carried} (a
     * trainer's own cache from an interrupted run, e.g. the student's teacher embeddings) and nothing else.
     */
    public static void checkDestination(Path destination, Set<String> carried) {
        if (Files.isSymbolicLink(destination)) {
            throw new TrainingException("output " + destination + " is a symbolic link: give `out` a new folder "
                    + "name (a model directory is never written through a link)");
        }
        if (Files.exists(destination)) {
            if (!Files.isDirectory(destination)) {
                throw new TrainingException("output " + destination + " exists and is a file: give `out` a new "
                        + "folder name");
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(destination,
                    p -> !(carried.contains(p.getFileName().toString()) && Files.isRegularFile(p)))) {
                if (ds.iterator().hasNext()) {
                    throw new TrainingException("output folder " + destination + " already exists and is not "
                            + "empty: give `out` a new folder (nothing was overwritten)");
                }
            } catch (IOException e) {
                throw new TrainingException("cannot read output folder " + destination + ": " + e.getMessage(), e);
            }
        }
    }

    public static TargetModelWriter create(Path destination) {
        return create(destination, Set.of());
    }

    /**
     * A writer whose destination may hold the {@code carried} files; {@link #commit} moves them into the model
     * directory (unlisted in the manifest), so a cache survives until the model that used it is in place.
     */
    public static TargetModelWriter create(Path destination, Set<String> carried) {
        Path dest = destination.toAbsolutePath().normalize();
        checkDestination(dest, carried);
        try {
            Path parent = dest.getParent();
            Files.createDirectories(parent);
            Path staging = StagingPaths.createDirectory(parent, "." + dest.getFileName() + ".partial-");
            return new TargetModelWriter(dest, staging, carried);
        } catch (IOException e) {
            throw new TrainingException("cannot create output folder " + dest + ": " + e.getMessage()
                    + " (check the parent folder exists and is writable)", e);
        }
    }

    /** Where a weight file should be written; it is hashed into the manifest on {@link #commit}. */
    public Path file(String name) {
        Path p = staging.resolve(name);
        files.put(name, p);
        return p;
    }

    public Path stagingDir() {
        return staging;
    }

    /** Writes the manifest (adding format and file hashes) and moves the directory into place. */
    public Path commit(ObjectNode manifest) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", TargetModelDirectory.FORMAT);
        m.put("format_version", TargetModelDirectory.FORMAT_VERSION);
        m.setAll(manifest);
        ObjectNode fileNode = m.putObject("files");
        try {
            for (Map.Entry<String, Path> e : files.entrySet()) {
                if (!Files.isRegularFile(e.getValue())) {
                    throw new TrainingException("internal error: weight file " + e.getKey() + " was not written");
                }
                ObjectNode f = fileNode.putObject(e.getKey());
                f.put("sha256", Hashing.sha256(e.getValue()));
                f.put("bytes", Files.size(e.getValue()));
            }
            try (var out = OutputFiles.createNew(staging.resolve(TargetModelDirectory.MANIFEST))) {
                JSON.writeValue(out, m);
            }
            if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                for (String name : carried) { // the trainer's cache, moved in beside the weights (never a link)
                    Path f = destination.resolve(name);
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(f, staging.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            checkDestination(destination);
            Ownership.deleteEmptyFolder(destination); // the empty folder checked above, never a link
            try {
                Files.move(staging, destination, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, destination);
            }
            committed = true;
            return destination;
        } catch (IOException e) {
            throw new TrainingException("cannot write model directory " + destination + ": " + e.getMessage(), e);
        }
    }

    /** Removes the staging folder unless the model was committed. */
    @Override
    public void close() {
        if (committed || !Files.exists(staging)) {
            return;
        }
        Ownership.deleteOwnStaging(staging); // the folder this writer created; links inside removed as links
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
