package dev.autodistill4j.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The must-show on the shapes fixture: {@code compare} of {@code metaclip} (the tiny shapes CLIP), its
 * int8 {@code onnx} export and a {@code target} linear probe trained on its labels reports, for each, exactly the
 * accuracy {@code evaluate} gives it, plus agreement and speed, and writes the side-by-side report.
 */
class CompareShapesFixtureTest {
    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    private Path ontology(Path shapes) throws Exception {
        Map<String, Object> world = new ObjectMapper().readValue(shapes.resolve("shapes.json").toFile(), Map.class);
        Map<String, Object> w = (Map<String, Object>) world.get("world");
        StringBuilder yaml = new StringBuilder();
        for (String c : (List<String>) w.get("colors")) {
            for (String s : (List<String>) w.get("shapes")) {
                yaml.append("\"a photo of a ").append(c).append(' ').append(s).append(".\": ").append(c).append('_')
                        .append(s).append('\n');
            }
        }
        Path o = tmp.resolve("shapes.yaml");
        Files.writeString(o, yaml);
        return o;
    }

    private static void ok(CliRun r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void accuraciesEqualWhatEvaluateGivesEachModel() throws Exception {
        Path shapes = Fixtures.resolve("shapes");
        String metaclip = "metaclip:" + shapes.resolve("shapes-clip");
        Path ontology = ontology(shapes);
        Path labelled = tmp.resolve("labelled");
        ok(CliRun.of("label", "--model", metaclip, "--ontology", ontology.toString(), "--input",
                shapes.resolve("images/extra").toString(), "--output", labelled.toString(), "--confidence", "0",
                "--split", "0.8,0.2,0"));
        Path probe = tmp.resolve("probe");
        ok(CliRun.of("train", "--dataset", labelled.toString(), "--target", "linear-probe", "--out", probe.toString(),
                "--base-model", metaclip, "--seed", "1"));
        Path onnx = tmp.resolve("onnx-int8");
        ok(CliRun.of("export", "--model", metaclip, "--format", "onnx", "--int8", "--out", onnx.toString()));

        Path test = shapes.resolve("images/test");
        List<String> models = List.of(metaclip, "onnx:" + onnx, "target:" + probe);
        Path report = tmp.resolve("compare.html");
        CliRun compare = CliRun.of("compare", "--models", String.join(",", models), "--ontology", ontology.toString(),
                "--images", test.toString(), "--truth", test.toString(), "--report", report.toString());
        ok(compare);
        List<Map<String, Object>> lines = compare.json();
        assertThat(lines).extracting(l -> l.get("model")).containsExactlyElementsOf(models);
        for (Map<String, Object> line : lines) {
            String model = (String) line.get("model");
            CliRun evaluate = CliRun.of("evaluate", "--model", model, "--ontology", ontology.toString(), "--data",
                    test.toString());
            ok(evaluate);
            Map<String, Object> e = evaluate.json().get(0);
            assertThat(line.get("accuracy")).as(model).isEqualTo(e.get("accuracy"));
            assertThat(line.get("macro_f1")).as(model).isEqualTo(e.get("macro_f1"));
            assertThat(((Number) line.get("accuracy")).doubleValue()).as(model).isGreaterThan(0.8);
            assertThat(line.get("images")).isEqualTo(128);
            assertThat(((Number) line.get("images_per_second")).doubleValue()).isPositive();
            assertThat((Map<String, Object>) line.get("agreement")).hasSize(2)
                    .allSatisfy((other, share) -> assertThat(((Number) share).doubleValue()).isBetween(0.5, 1.0));
        }
        String html = Files.readString(report);
        assertThat(html).contains("Model comparison", "onnx:", "target:", "red_circle").doesNotContain("<script");
    }
}
