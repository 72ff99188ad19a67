package dev.autodistill4j.spark.cli;

import org.apache.spark.SparkFiles;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file the driver reads (the ontology, a config): the path as given when it exists, else the copy shipped with
 * {@code spark-submit --files} (in cluster deploy mode the driver's working folder holds it; in client mode it
 * is under {@link SparkFiles}' root, not in the folder spark-submit ran from). Always made absolute, so what the
 * run record names is a real file.
 */
final class DriverFiles {
    private DriverFiles() {
    }

    static Path locate(Path given) {
        if (given == null || Files.exists(given) || given.isAbsolute()) {
            return given == null ? null : given.toAbsolutePath().normalize();
        }
        try {
            Path shipped = Path.of(SparkFiles.getRootDirectory()).resolve(given);
            if (Files.exists(shipped)) {
                return shipped.toAbsolutePath().normalize();
            }
        } catch (RuntimeException e) {
            // no running SparkContext: nothing was shipped
        }
        return given.toAbsolutePath().normalize();
    }
}
