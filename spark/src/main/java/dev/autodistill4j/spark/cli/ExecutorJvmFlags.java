package dev.autodistill4j.spark.cli;

import java.util.Map;

/**
 * The JVM flags an executor needs, as {@code spark.executor.extraJavaOptions}: the Vector API (an incubator
 * module) that Lucene and the image preprocessing use, native access for PyTorch and ONNX Runtime, and
 * {@code sun.misc.Unsafe} memory access for netty and Spark's own {@code Platform} allowed rather than warned
 * about on JDK 24+. On {@code local[N]} the executors live in the driver JVM, which the launcher starts with the
 * same flags; on a cluster (standalone, YARN, Kubernetes) each executor is a JVM of its own and gets them only
 * from this setting. Spark adds its own {@code --add-opens} list to whatever this holds.
 */
final class ExecutorJvmFlags {
    static final String KEY = "spark.executor.extraJavaOptions";
    static final String FLAGS = "-Djava.awt.headless=true --add-modules jdk.incubator.vector "
            + "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow";

    private ExecutorJvmFlags() {
    }

    /**
     * The value to set: the user's own (a {@code --spark-conf}, else spark-submit's {@code --conf}, which the
     * driver sees as a system property) with {@link #FLAGS} appended unless it already asks for the Vector API —
     * a user's setting is kept, never replaced.
     */
    static String merged(Map<String, String> conf, String fromSubmit) {
        String own = conf.getOrDefault(KEY, fromSubmit == null ? "" : fromSubmit).strip();
        if (own.contains("jdk.incubator.vector")) {
            return own;
        }
        return own.isEmpty() ? FLAGS : own + " " + FLAGS;
    }
}
