package dev.autodistill4j.trainers.eval;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The evaluation report stays readable with many classes. */
class HtmlReportTest {
    private static EvaluationResult manyClasses(int n) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add(String.format("a rather long class name number %02d <b>", i));
        }
        long[][] confusion = new long[n][n];
        for (int i = 0; i < n; i++) {
            confusion[i][i] = 9;
            confusion[i][(i + 1) % n] = 1;
        }
        return new EvaluationResult(labels, confusion, List.of(), List.of());
    }

    @Test
    void aSixtyClassConfusionMatrixScrollsInsideItsOwnBox() {
        String html = HtmlReport.render(manyClasses(60), "target:m", Path.of("data"), 0);
        Matcher box = Pattern.compile("<div class=\"scroll\"><table>(.*?)</table></div>", Pattern.DOTALL)
                .matcher(html);
        assertThat(box.find()).as("the matrix is inside the scroll box").isTrue();
        String matrix = box.group(1);
        assertThat(matrix.split("<tr>", -1)).hasSize(1 + 61); // header row + 60 truth rows
        assertThat(matrix).contains("<thead>").contains("<tbody>");
        // every predicted-class header is the narrow, rotated kind, and names stay escaped
        assertThat(Pattern.compile("<th class=\"c\" title=\"[^\"]*\">").matcher(matrix).results().count())
                .isEqualTo(60);
        assertThat(matrix).doesNotContain("<b>").contains("&lt;b&gt;");
        String css = html.substring(html.indexOf("<style>"), html.indexOf("</style>"));
        assertThat(css).contains(".scroll{max-width:100%;max-height:85vh;overflow:auto")
                .contains("position:sticky").contains("writing-mode:vertical-rl");
        assertThat(matrix).contains("title=\"a rather long class name number 00 &lt;b&gt; \u2192 a rather long "
                + "class name number 01 &lt;b&gt;\">1</td>");
    }
}
