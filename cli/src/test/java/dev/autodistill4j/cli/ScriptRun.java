package dev.autodistill4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A finished run of one of the checkout's shell scripts (the launcher, {@code .ci/jdk}): its exit status and its
 * stdout and stderr together, for the ITs that run them as a user would.
 */
record ScriptRun(int exitCode, String output) {
    /** The checkout: the parent of the cli module, which Maven runs the tests in. */
    static final Path CHECKOUT = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    /** The {@code autodistill4j} launcher at the checkout's root. */
    static final Path LAUNCHER = CHECKOUT.resolve("autodistill4j");
    /** The CLI jar the launcher runs, which {@code package} builds (before failsafe runs the ITs). */
    static final Path JAR = CHECKOUT.resolve("cli/target/autodistill4j-cli.jar");

    /** Skips the calling test, saying why, when the CLI jar is not built. */
    static void assumeCliJarBuilt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(JAR), () -> "skipped: " + JAR
                + " is not built; `mvn verify -pl cli -am` packages it and then runs this test");
    }

    /** Starts {@code pb} (stderr merged into stdout) and waits for it. */
    static ScriptRun of(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ScriptRun(p.waitFor(), output);
    }

    /** The first {@code bash} block after the README heading that starts with {@code heading}: a tour the ITs run. */
    static String readmeBashBlock(String heading) throws IOException {
        String readme = Files.readString(CHECKOUT.resolve("README.md"));
        int at = readme.indexOf(heading);
        if (at < 0) {
            throw new AssertionError("README has no section '" + heading + "'");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```bash\n(.*?)```",
                java.util.regex.Pattern.DOTALL).matcher(readme);
        if (!m.find(at)) {
            throw new AssertionError("README's section '" + heading + "' has no bash block");
        }
        return m.group(1);
    }

    /** Where {@code command} is on this JVM's {@code PATH}. */
    static Path onPath(String command) {
        return Arrays.stream(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(command + " is not on the PATH"));
    }
}
