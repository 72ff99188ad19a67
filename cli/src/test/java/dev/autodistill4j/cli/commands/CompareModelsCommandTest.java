package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compare --models} with the test-colour provider (no fixtures): one JSON line per model, accuracies equal
 * to {@code evaluate}'s, agreement, a report whose hostile class names are escaped, both forms told apart, and
 * wrong uses as one error line.
 */
class CompareModelsCommandTest {
    static final String HOSTILE_RED = "<i onclick=alert(1)>red \u202E\"q'";
    static final String BLUE = "blue";

    @TempDir
    Path tmp;

    private Path truth() throws Exception {
        Path truth = tmp.resolve("truth");
        for (int i = 0; i < 4; i++) {
            FrameworkCommandsTest.solid(truth.resolve(HOSTILE_RED + "/r" + i + ".png"), 0xFF0000);
            FrameworkCommandsTest.solid(truth.resolve(BLUE + "/b" + i + ".png"), 0x0000FF);
        }
        FrameworkCommandsTest.solid(truth.resolve(BLUE + "/really-red.png"), 0xEE0000); // a wrong truth label
        return truth;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyModelOnTheSameImagesWithTheAccuracyEvaluateGives() throws Exception {
        Path truth = truth();
        Path report = tmp.resolve("compare.html");
        CliRun r = CliRun.of("compare", "--models", "test-colour,test-colour:default", "--truth", truth.toString(),
                "--images", truth.toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<Map<String, Object>> lines = r.json();
        assertThat(lines).hasSize(2);
        for (Map<String, Object> line : lines) {
            CliRun eval = CliRun.of("evaluate", "--model", (String) line.get("model"), "--data", truth.toString());
            assertThat(eval.exitCode()).as(eval.toString()).isZero();
            Map<String, Object> e = eval.json().get(0);
            assertThat(line.get("accuracy")).isEqualTo(e.get("accuracy")).isEqualTo(8.0 / 9);
            assertThat(line.get("macro_f1")).isEqualTo(e.get("macro_f1"));
            assertThat(line.get("images")).isEqualTo(9);
            assertThat((Map<String, Object>) line.get("agreement")).hasSize(1).containsValue(1.0);
            assertThat(((Number) line.get("images_per_second")).doubleValue()).isPositive();
        }
        String html = Files.readString(report);
        assertThat(html).contains("<title>autodistill4j model comparison</title>", "test-colour:default",
                "&lt;i onclick=alert(1)&gt;red", "really-red.png").doesNotContain("<i onclick", "<script");
        CliRun again = CliRun.of("compare", "--models", "test-colour", "--truth", truth.toString(), "--report",
                report.toString());
        assertThat(again.exitCode()).as("its own report is replaced").isZero();
        Files.writeString(tmp.resolve("mine.html"), "<html>my notes</html>");
        CliRun foreign = CliRun.of("compare", "--models", "test-colour", "--truth", truth.toString(), "--report",
                tmp.resolve("mine.html").toString());
        assertThat(foreign.exitCode()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("mine.html"))).isEqualTo("<html>my notes</html>");
    }

    @Test
    void bothFormsAreToldApartAndWrongUsesAreOneErrorLine() throws Exception {
        Path truth = truth();
        String red = truth.resolve(HOSTILE_RED + "/r0.png").toString();
        CliRun pair = CliRun.of("compare", "--model", "test-colour", red, "text:red");
        assertThat(pair.exitCode()).as(pair.toString()).isZero();
        assertThat(pair.json().get(0)).containsOnlyKeys("cosine");

        Path ontology = tmp.resolve("o.yaml");
        Files.writeString(ontology, "red: red\nblue: blue\n");
        CliRun images = CliRun.of("compare", "--models", "test-colour", "--ontology", ontology.toString(),
                "--images", truth.toString());
        assertThat(images.exitCode()).as(images.toString()).isZero();
        assertThat(images.json().get(0)).containsKeys("model", "images", "images_per_second")
                .doesNotContainKey("accuracy");

        for (String[] wrong : List.of(new String[] {"compare", "--models", "test-colour", red, red},
                new String[] {"compare", "--model", "test-colour", red},
                new String[] {"compare", "--models", "test-colour", "--model", "test-colour", "--images", red},
                new String[] {"compare", "--models", "test-colour"},
                new String[] {"compare", "--models", "test-colour,test-colour", "--truth", truth.toString()},
                new String[] {"compare", "--models", "test-colour", "--images", tmp.resolve("none").toString()},
                new String[] {"compare", "--models", "test-colour", "--images", truth.toString()},
                new String[] {"compare", "--model", "test-colour", red, red, "--truth", truth.toString()})) {
            CliRun w = CliRun.of(wrong);
            assertThat(w.exitCode()).as(String.join(" ", wrong) + "\n" + w).isEqualTo(2);
            assertThat(w.out()).isEmpty();
        }
    }
}
