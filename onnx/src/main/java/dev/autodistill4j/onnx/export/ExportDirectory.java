package dev.autodistill4j.onnx.export;

import dev.autodistill4j.datasets.Ownership;
import dev.autodistill4j.datasets.StagingPaths;
import dev.autodistill4j.api.Autodistill4jException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Where an export is written: a staging folder beside the destination, renamed into place only when every
 * file is complete, so an interrupted export never leaves a half-written model that looks finished, and an
 * existing non-empty folder is never overwritten.
 */
public final class ExportDirectory {
    private final Path target;
    private final Path staging;

    private ExportDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** Checks that {@code out} is new or empty and creates the staging folder beside it. */
    public static ExportDirectory create(Path out) {
        Path target = out.toAbsolutePath().normalize();
        try {
            if (Files.isSymbolicLink(target)) {
                throw new Autodistill4jException("`out` " + target + " is a symbolic link: give a new folder (an "
                        + "export is never written through a link)");
            }
            if (Files.exists(target)) {
                if (!Files.isDirectory(target)) {
                    throw new Autodistill4jException("`out` " + target + " is a file: give a new or empty folder");
                }
                try (Stream<Path> s = Files.list(target)) {
                    if (s.findAny().isPresent()) {
                        throw new Autodistill4jException("`out` " + target + " is not empty: give a new or empty "
                                + "folder (nothing is overwritten)");
                    }
                }
            }
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path staging = StagingPaths.createDirectory(parent, "." + target.getFileName() + ".partial-");
            return new ExportDirectory(target, staging);
        } catch (IOException e) {
            throw new Autodistill4jException("cannot prepare `out` " + target + ": " + e.getMessage(), e);
        }
    }

    /** The folder to write into until {@link #commit}. */
    public Path staging() {
        return staging;
    }

    /** Moves the finished export into place and returns its final path. */
    public Path commit() throws IOException {
        Ownership.deleteEmptyFolder(target); // empty, checked in create(); never a link
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
        return target;
    }

    /** Deletes the staging folder after a failure (the destination was never touched). */
    public void abandon() {
        Ownership.deleteOwnStaging(staging); // best effort: the staging folder is hidden and named .partial
    }
}
