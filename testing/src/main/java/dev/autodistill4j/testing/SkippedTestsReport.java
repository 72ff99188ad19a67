package dev.autodistill4j.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Says on the console why tests were skipped. Surefire's summary counts skipped tests but keeps their reasons
 * (no fixtures, no chromium, no python3-onnx, the launcher jar not built) in its XML reports, so a passing run
 * hid that it proved less than it seemed. Registered for every test JVM that has this artifact (ServiceLoader,
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}); prints, when the plan ends, each
 * distinct reason once with how many tests it skipped, on stderr, which Surefire shows on the console.
 */
public final class SkippedTestsReport implements TestExecutionListener {
    private final Map<String, Integer> reasons = new TreeMap<>();
    private final PrintStream out;

    public SkippedTestsReport() {
        this(System.err);
    }

    SkippedTestsReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        reasons.merge(reason == null || reason.isBlank() ? "(no reason given)" : reason, 1, Integer::sum);
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse(null);
            executionSkipped(test, reason == null ? null : reason.replaceFirst("^Assumption failed: ", ""));
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        // n counts skipped tests and skipped test classes (a class-level skip is one entry)
        reasons.forEach((reason, n) -> out.println("[skipped] " + (n == 1 ? "" : n + "× ") + reason));
        out.flush();
        reasons.clear();
    }
}
