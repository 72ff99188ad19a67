package dev.autodistill4j.trainers.eval;

import dev.autodistill4j.datasets.DatasetWriteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #8 item 1, same class: {@code evaluate --report FILE} never replaces a file that is not a report. */
class HtmlReportOwnershipTest {
    @TempDir
    Path tmp;

    private final EvaluationResult result = new EvaluationResult(List.of("a", "b"), new long[][] {{2, 0}, {1, 3}},
            List.of(), List.of());

    @Test
    void replacesAnEarlierReportButNeverAnotherFile() throws Exception {
        Path thesis = Files.writeString(tmp.resolve("thesis.html"), "<html>three years of work</html>");
        assertThatThrownBy(() -> HtmlReport.write(result, "m", tmp, thesis, 4))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining(thesis.toString())
                .hasMessageContaining("`report`");
        assertThat(thesis).hasContent("<html>three years of work</html>");

        Path report = tmp.resolve("report.html");
        HtmlReport.write(result, "first", tmp, report, 4);
        HtmlReport.write(result, "second", tmp, report, 4);
        assertThat(Files.readString(report)).contains("second").contains(HtmlReport.TITLE);
    }
}
