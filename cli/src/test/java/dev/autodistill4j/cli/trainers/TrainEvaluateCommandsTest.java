package dev.autodistill4j.cli.trainers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.cli.Main;
import dev.autodistill4j.trainers.testing.SyntheticDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code train} and {@code evaluate} end to end in-process: JSON on stdout, errors as exit 2 with a message. */
class TrainEvaluateCommandsTest {
    private static final List<String> CLASSES = List.of("blue", "green", "red");

    @TempDir
    Path temp;

    record Run(int code, String out, String err) {
        JsonNode json() {
            try {
                String[] lines = out.strip().split("\n");
                assertThat(lines).hasSize(1);
                return new ObjectMapper().readTree(lines[0]);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out, e);
            }
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void trainLinearProbeThenEvaluateWithReportAndAnUnreadableImage() throws IOException {
        Path ds = SyntheticDatasets.write(temp.resolve("ds"), CLASSES, 16, 6, 6, 21);
        Path model = temp.resolve("model");
        Run train = run("train", "--dataset", ds.toString(), "--target", "linear-probe", "--out", model.toString(),
                "--base-model", "colour-features", "--seed", "3");
        assertThat(train.code()).as(train.err()).isZero();
        JsonNode t = train.json();
        assertThat(t.path("model").asText()).isEqualTo(model.toAbsolutePath().toString());
        assertThat(t.path("classes")).hasSize(3);
        assertThat(t.path("metrics").path("valid_accuracy").asDouble()).isGreaterThan(0.8);

        Path eval = SyntheticDatasets.writeTruthFolder(temp.resolve("eval"), CLASSES, 5, 77);
        Files.writeString(eval.resolve("red").resolve("broken.png"), "this is not a png");
        Path report = temp.resolve("report.html");
        Run ev = run("evaluate", "--model", "target:" + model, "--data", eval.toString(), "--report", report.toString());
        assertThat(ev.code()).as(ev.err()).isZero();
        JsonNode e = ev.json();
        assertThat(e.path("accuracy").asDouble()).isGreaterThan(0.8);
        assertThat(e.path("images").asInt()).isEqualTo(15);
        assertThat(e.path("per_class").path("red").path("support").asInt()).isEqualTo(5);
        assertThat(e.path("per_class").path("red").has("precision")).isTrue();
        assertThat(e.path("per_class").path("red").has("f1")).isTrue();
        assertThat(e.path("confusion").path("blue").path("blue").asInt()).isPositive();
        assertThat(e.path("failed")).hasSize(1);
        assertThat(e.path("failed").get(0).path("file").asText()).endsWith("broken.png");
        assertThat(ev.err()).contains("broken.png");
        String html = Files.readString(report);
        assertThat(html).contains("Confusion matrix").contains("broken.png").doesNotContain("src=\"http");

        // the dataset's own test split
        Run onDataset = run("evaluate", "--model", "target:" + model, "--data", ds.toString());
        assertThat(onDataset.code()).as(onDataset.err()).isZero();
        assertThat(onDataset.json().path("images").asInt()).isEqualTo(18);
    }

    @Test
    void trainCnnQuickly() {
        Path ds = SyntheticDatasets.write(temp.resolve("ds"), List.of("blue", "red"), 10, 4, 0, 5);
        Run train = run("train", "--dataset", ds.toString(), "--target", "cnn", "--out", temp.resolve("cnn").toString(),
                "--epochs", "2", "-p", "input-size=24", "-p", "widths=8,16", "--device", "cpu");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.json().path("trainer").asText()).isEqualTo("cnn");
        assertThat(train.json().path("metrics").has("history")).isFalse();
    }

    @Test
    void userErrorsExitTwoWithAMessage() throws IOException {
        Path ds = SyntheticDatasets.write(temp.resolve("ds"), CLASSES, 4, 2, 0, 5);
        Run unknown = run("train", "--dataset", ds.toString(), "--target", "xgboost", "--out",
                temp.resolve("m").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("error: unknown target trainer 'xgboost'").contains("linear-probe")
                .contains("cnn").doesNotContain("\tat ");

        Files.createDirectories(ds.resolve("valid").resolve("yellow"));
        Run emptyClass = run("train", "--dataset", ds.toString(), "--target", "linear-probe", "--base-model",
                "colour-features", "--out", temp.resolve("m").toString());
        assertThat(emptyClass.code()).isEqualTo(2);
        assertThat(emptyClass.err()).contains("yellow").contains("no images").doesNotContain("\tat ");

        Files.delete(ds.resolve("valid").resolve("yellow"));
        Path fake = Files.createDirectories(temp.resolve("fake-model"));
        Files.writeString(fake.resolve("model.json"), "{\"format\": \"autodistill4j-target-model\", \"format_version\": 1,"
                + " \"trainer\": \"cnn\", \"classes\": [\"a\", \"b\"], \"files\": {\"cnn-0000.params\": {\"sha256\": \"00\"}}}");
        Run corrupt = run("evaluate", "--model", "target:" + fake, "--data", ds.resolve("train").toString());
        assertThat(corrupt.code()).isEqualTo(2);
        assertThat(corrupt.err()).contains("error:").contains("cnn-0000.params").contains("missing")
                .doesNotContain("\tat ");
    }
}
