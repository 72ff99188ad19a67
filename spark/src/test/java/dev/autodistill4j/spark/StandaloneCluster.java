package dev.autodistill4j.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on loopback for the integration tests: one Master and N Workers, each a JVM of its
 * own started from the module's own Spark jars ({@code target/spark-lib}, the jars the build copies for
 * {@code ./autodistill4j spark}), and drivers submitted through {@code org.apache.spark.deploy.SparkSubmit} in a
 * child JVM — what {@code spark-submit} runs. Workers launch executors from {@code SPARK_HOME/jars}, so the
 * cluster gets a home whose {@code jars} is a link to those jars. Everything it starts it stops
 * ({@link #close}: the process trees, executors included).
 */
final class StandaloneCluster implements AutoCloseable {
    static final Path SPARK_LIB = Path.of("target/spark-lib").toAbsolutePath();
    static final Path JOB_JAR = Path.of("target/autodistill4j-spark.jar").toAbsolutePath();
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    final String masterUrl;
    final Path home;
    private final List<String> jvmFlags;
    private final int port;
    private final List<Process> workers = new ArrayList<>();
    private final List<Process> all = new ArrayList<>();

    private StandaloneCluster(Path home) throws IOException {
        this.home = home;
        this.jvmFlags = Arrays.asList(System.getProperty("autodistill4j.spark.jvmFlags", "").strip().split("\\s+"));
        Files.createDirectories(home);
        Path jars = home.resolve("jars");
        if (!Files.exists(jars)) {
            Files.createSymbolicLink(jars, SPARK_LIB);
        }
        port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
    }

    /** Starts the Master and {@code workers} Workers (1 core, 1 GB each) and waits until all registered. */
    static StandaloneCluster start(Path home, int workers) throws IOException, InterruptedException {
        StandaloneCluster c = new StandaloneCluster(home);
        try {
            c.boot(workers);
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void boot(int workerCount) throws IOException, InterruptedException {
        start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())));
        awaitLog(home.resolve("master.log"), "I have been elected leader");
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(home.resolve("work-" + i));
            Process w = start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--webui-port", String.valueOf(freePort()),
                    "--work-dir", work.toString(), masterUrl));
            workers.add(w);
            awaitLog(home.resolve("worker-" + i + ".log"), "Successfully registered with master");
        }
    }

    /** The Worker started {@code i}-th, to kill mid-job. */
    Process worker(int i) {
        return workers.get(i);
    }

    /** Kills a Worker and its executors at once ({@code kill -9}), as a node that dies. */
    void kill(Process worker) {
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
    }

    /**
     * A driver: SparkSubmit (client deploy mode) with the job jar and {@code args}; its stdout and stderr go to
     * {@code name.out} and {@code name.log} in the cluster's home.
     */
    Process submit(String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl,
                "--deploy-mode", "client", "--class", "dev.autodistill4j.spark.cli.SparkJobMain",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.cores=1",
                "--conf", "spark.task.maxFailures=4", JOB_JAR.toString()));
        cmd.addAll(args);
        return start(name, cmd);
    }

    private Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(SPARK_LIB + "/*");
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectOutput(home.resolve(name + ".out").toFile())
                .redirectError(home.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        env.put("AUTODISTILL4J_OFFLINE", "1");
        env.put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        all.add(p);
        return p;
    }

    /** Waits (bounded) until {@code log} holds {@code line}; fails with the log's tail otherwise. */
    static void awaitLog(Path log, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no '" + line + "' in " + log + " within " + START_LIMIT + ":\n"
                + (Files.exists(log) ? tail(Files.readString(log)) : "(no log)"));
    }

    /** Waits for a driver, bounded; its exit code. */
    static int await(Process driver, Duration limit) throws InterruptedException {
        if (!driver.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
            throw new IllegalStateException("the driver did not finish within " + limit);
        }
        return driver.exitValue();
    }

    static String tail(String s) {
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }

    @Override
    public void close() {
        for (Process p : all.reversed()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
