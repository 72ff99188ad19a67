package dev.autodistill4j.cli.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.cli.Main;
import dev.autodistill4j.metaclip.checkpoint.SafetensorsReader;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round trip through the real command line: {@code export --model metaclip:<fixture> --format onnx},
 * then {@code predict --model onnx:<export>} prints the reference probabilities; {@code --int8} exports load
 * and agree; wrong uses exit 2 with one {@code error:} line and touch nothing; {@code bench --onnx} measures
 * the PyTorch path and both ONNX precisions in one run.
 */
class OnnxCliRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int code, List<JsonNode> lines, String err) {
    }

    private static Run run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        List<JsonNode> lines = new ArrayList<>();
        if (code == 0) {
            for (String line : out.toString().split("\\R")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return new Run(code, lines, err.toString());
    }

    @Test
    void exportThenPredictGivesTheReferenceProbabilities(@TempDir Path tmp) throws Exception {
        Path clip = Fixtures.resolve("clip");
        JsonNode golden = JSON.readTree(clip.resolve("golden.json").toFile());
        float[] logits;
        int textCount;
        try (StateDict g = SafetensorsReader.open(clip.resolve("golden.safetensors"))) {
            logits = g.floats("logits_per_image");
            textCount = (int) g.info("logits_per_image").shape()[1];
        }
        Path fp32 = tmp.resolve("fp32");
        Run export = run("export", "--model", "metaclip:" + clip.resolve("tiny-clip"), "--format", "onnx",
                "--out", fp32.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.lines().get(0).get("precision").asText()).isEqualTo("fp32");
        assertThat(export.lines().get(0).get("source").get("sha256").asText()).matches("[0-9a-f]{64}");

        int[] promptRows = {0, 1, 2, 4};
        StringBuilder yaml = new StringBuilder();
        for (int r : promptRows) {
            yaml.append('"').append(golden.get("texts").get(r).get("text").asText()).append("\": c").append(r).append('\n');
        }
        Path ontology = tmp.resolve("ontology.yaml");
        Files.writeString(ontology, yaml, StandardCharsets.UTF_8);
        int row = 0;
        String image = golden.get("images").get(row).asText();
        Run predict = run("predict", "--model", "onnx:" + fp32, "--ontology", ontology.toString(), "--confidence", "0",
                clip.resolve("images/" + image).toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        JsonNode scores = predict.lines().get(0).get("scores");
        double max = Double.NEGATIVE_INFINITY;
        for (int r : promptRows) {
            max = Math.max(max, logits[row * textCount + r]);
        }
        double z = 0;
        for (int r : promptRows) {
            z += Math.exp(logits[row * textCount + r] - max);
        }
        for (int r : promptRows) {
            assertThat(scores.get("c" + r).asDouble()).as("class c%d", r).isCloseTo(
                    Math.exp(logits[row * textCount + r] - max) / z, org.assertj.core.api.Assertions.within(1e-3));
        }

        Path int8 = tmp.resolve("int8");
        assertThat(run("export", "--model", "metaclip:" + clip.resolve("tiny-clip"), "--int8", "--out",
                int8.toString()).code()).isZero();
        Run predict8 = run("predict", "--model", "onnx:" + int8, "--ontology", ontology.toString(), "--confidence", "0",
                clip.resolve("images/" + image).toString());
        assertThat(predict8.code()).as(predict8.err()).isZero();
        assertThat(predict8.lines().get(0).get("scores").size()).isEqualTo(promptRows.length);
    }

    @Test
    void wrongUsesExitTwoAndOverwriteNothing(@TempDir Path tmp) throws Exception {
        Path clip = Fixtures.resolve("clip/tiny-clip");
        Path taken = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(taken.resolve("mine.txt"), "keep me");
        Run nonEmpty = run("export", "--model", "metaclip:" + clip, "--out", taken.toString());
        assertThat(nonEmpty.code()).isEqualTo(2);
        assertThat(nonEmpty.err()).contains("error: --out " + taken.toAbsolutePath() + " is not empty");
        assertThat(Files.readString(taken.resolve("mine.txt"))).isEqualTo("keep me");
        try (var s = Files.list(taken)) {
            assertThat(s.count()).isEqualTo(1);
        }
        Run format = run("export", "--model", "metaclip:" + clip, "--format", "tflite", "--out",
                tmp.resolve("x").toString());
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("error: --format tflite is not supported");
        Run missing = run("predict", "--model", "onnx:" + tmp.resolve("nothing-here"), "--ontology",
                tmp.resolve("o.yaml").toString(), clip.toString());
        assertThat(missing.code()).isEqualTo(2);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("taken");
        }
    }

    @Test
    void benchMeasuresPyTorchAndBothOnnxPrecisionsInOneRun() throws Exception {
        Run bench = run("bench", "--architecture", "tiny", "--onnx", "--batches", "2", "--images", "2");
        assertThat(bench.code()).as(bench.err()).isZero();
        List<String> setups = bench.lines().stream().filter(l -> "setup".equals(l.path("bench").asText()))
                .map(l -> l.get("engine").asText()).toList();
        assertThat(setups).containsExactly("DJL PyTorch", "ONNX Runtime fp32", "ONNX Runtime int8");
        List<JsonNode> ratios = bench.lines().stream().filter(l -> "ratio".equals(l.path("bench").asText())).toList();
        assertThat(ratios).hasSize(2);
        assertThat(ratios.get(0).get("per_second_ratio").get("image_model@2").asDouble()).isPositive();
        assertThat(bench.lines().get(0).get("cpu").asText()).isNotBlank();
        Run spinAlone = run("bench", "--architecture", "tiny", "--onnx-spin");
        assertThat(spinAlone.code()).isEqualTo(2);
        assertThat(spinAlone.err()).contains("error: --onnx-spin needs --onnx");
    }
}
