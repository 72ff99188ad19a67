package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.spi.ModelSpec;
import org.apache.spark.SparkFiles;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a model's checkpoint is, seen from the driver and from the executors, so that a path is read as a path
 * everywhere and never as a hub id.
 *
 * <ul>
 *   <li>A relative reference that exists in the driver's working folder becomes absolute before it is shipped:
 *       executors (other working folders) read the same file — a shared path, or the same host.</li>
 *   <li>A relative reference that exists only in the files Spark shipped ({@code --archives model.tgz#model},
 *       unpacked in every executor's working folder and, on the driver, under {@link SparkFiles}' root) stays
 *       relative for the executors, and the driver loads its own unpacked copy.</li>
 *   <li>Anything else (an alias, {@code hf:…}, an absolute path) is left as it is.</li>
 * </ul>
 *
 * <p>An executor that misses a path the driver found fails with a message saying how to ship it
 * ({@link #requireOnExecutor}) instead of trying the hub.
 */
public record ModelLocation(String executorSpec, String driverSpec, boolean path) {

    /** The locations of {@code spec} as the driver sees it (call with a running Spark session). */
    public static ModelLocation onDriver(String spec) {
        ModelSpec parsed = ModelSpec.parse(spec);
        Path ref = asPath(parsed.reference());
        if (ref == null || ref.isAbsolute()) {
            return new ModelLocation(spec, spec, ref != null && Files.exists(ref));
        }
        if (Files.exists(ref)) {
            String abs = parsed.provider() + ":" + ref.toAbsolutePath().normalize();
            return new ModelLocation(abs, abs, true);
        }
        Path shipped = shippedCopy(ref);
        if (shipped != null) {
            return new ModelLocation(spec, parsed.provider() + ":" + shipped, true);
        }
        return new ModelLocation(spec, spec, false);
    }

    /** On an executor: a path the driver found must be there too, else say how to get it there. */
    static void requireOnExecutor(ModelKey key) {
        if (!key.path()) {
            return;
        }
        Path ref = asPath(ModelSpec.parse(key.spec()).reference());
        if (ref != null && !Files.exists(ref)) {
            throw new ModelLoadException("model " + ref + " does not exist on this executor (working folder "
                    + Path.of("").toAbsolutePath() + "): put the checkpoint on a path every node reads, or ship it "
                    + "with spark-submit --archives model.tgz#" + ref.getName(0) + " (docs/spark.md)");
        }
    }

    private static Path asPath(String reference) {
        if (reference == null || reference.contains("://") || reference.startsWith("hf:")
                || reference.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(reference);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static Path shippedCopy(Path ref) {
        try {
            Path p = Path.of(SparkFiles.getRootDirectory()).resolve(ref);
            return Files.exists(p) ? p.toAbsolutePath().normalize() : null;
        } catch (RuntimeException e) { // no SparkContext in this JVM: nothing was shipped
            return null;
        }
    }
}
