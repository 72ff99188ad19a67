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

    /** Starts {@code pb} (stderr merged into stdout) and waits for it. */
    static ScriptRun of(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ScriptRun(p.waitFor(), output);
    }

    /** Where {@code command} is on this JVM's {@code PATH}. */
    static Path onPath(String command) {
        return Arrays.stream(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(command + " is not on the PATH"));
    }
}
