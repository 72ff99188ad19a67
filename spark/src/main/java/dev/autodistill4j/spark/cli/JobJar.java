package dev.autodistill4j.spark.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code spark.jars} for a session this JVM starts on a cluster master: the job jar itself, found where this
 * class was loaded from ({@code local[N]} executors share the driver's class path and need nothing). Executors
 * on a cluster are JVMs of their own and know nothing of the driver's class path; without the job jar they
 * cannot deserialise a single task (Spark's "cannot assign instance of SerializedLambda" failure). A value
 * the user gave ({@code --spark-conf spark.jars=…} or spark-submit's, which already names the job jar) is kept
 * and the job jar added to it when missing; outside a jar (tests on class folders) nothing is set.
 */
final class JobJar {
    static final String KEY = "spark.jars";

    private JobJar() {
    }

    /** The job jar, or null when this code does not run from a jar. */
    static Path location() {
        try {
            var source = JobJar.class.getProtectionDomain().getCodeSource();
            Path p = source == null ? null : Path.of(source.getLocation().toURI());
            return p != null && Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p.toAbsolutePath() : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The value of {@value #KEY} to set, or null to leave it alone. */
    static String merged(Map<String, String> conf, String fromSubmit, Path jar) {
        String own = conf.getOrDefault(KEY, fromSubmit == null ? "" : fromSubmit).strip();
        if (jar == null) {
            return own.isEmpty() ? null : own;
        }
        for (String entry : own.split(",")) {
            String e = entry.strip();
            if (e.endsWith("/" + jar.getFileName()) || e.equals(jar.toString()) || e.equals(jar.getFileName().toString())) {
                return own;
            }
        }
        String uri = jar.toUri().toString();
        return own.isEmpty() ? uri : own + "," + uri;
    }
}
