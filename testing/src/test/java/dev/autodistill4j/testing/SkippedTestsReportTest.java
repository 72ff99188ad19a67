package dev.autodistill4j.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #26 item 5: why tests were skipped reaches the console, each reason once with its count. */
class SkippedTestsReportTest {
    @Test
    void everyDistinctReasonIsPrintedOnceWithItsCount() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SkippedTestsReport report = new SkippedTestsReport(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        report.executionFinished(null, TestExecutionResult.aborted(
                new IllegalStateException("Assumption failed: browser test skipped: chromium is not installed")));
        report.executionFinished(null, TestExecutionResult.aborted(
                new IllegalStateException("Assumption failed: browser test skipped: chromium is not installed")));
        report.executionSkipped(null, "disabled on purpose");
        report.executionFinished(null, TestExecutionResult.successful());
        report.testPlanExecutionFinished(null);
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "[skipped] 2× browser test skipped: chromium is not installed",
                "[skipped] disabled on purpose");
    }
}
