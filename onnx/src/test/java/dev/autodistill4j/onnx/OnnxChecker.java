package dev.autodistill4j.onnx;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs ONNX's own validator, {@code onnx.checker.check_model(path, full_check=True)}, from Debian's
 * {@code python3-onnx} (always {@code /usr/bin/python3}: a pyenv python on PATH lacks the package). Absent
 * locally, the test is skipped with a message; absent under {@code CI=true}, it fails (.ci/run installs it).
 */
final class OnnxChecker {
    static final String PYTHON = "/usr/bin/python3";

    private OnnxChecker() {
    }

    static void check(Path model) throws IOException, InterruptedException {
        boolean available = Files.isExecutable(Path.of(PYTHON)) && run(PYTHON, "-c", "import onnx").exit == 0;
        if (!available) {
            String message = "onnx.checker unavailable: install Debian's python3-onnx (apt-get install -y python3-onnx)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message + " — .ci/run must install it");
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        Outcome o = run(PYTHON, "-c", "import onnx, sys; onnx.checker.check_model(sys.argv[1], full_check=True); "
                + "print('ok')", model.toString());
        assertThat(o.exit).as("onnx.checker on %s: %s", model, o.output).isZero();
    }

    private record Outcome(int exit, String output) {
    }

    private static Outcome run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Outcome(-1, "timed out");
        }
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
