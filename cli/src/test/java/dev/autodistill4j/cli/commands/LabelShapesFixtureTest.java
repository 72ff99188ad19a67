package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.datasets.DatasetStats;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * label() with the real engine: the shapes fixture's trained CLIP through the {@code metaclip} provider labels
 * the held-out shapes images via the CLI, and the labels are as right as the reference implementation's
 * zero-shot accuracy says they should be.
 */
class LabelShapesFixtureTest {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void labelsHeldOutShapesAsWellAsTheReference() throws Exception {
        Path shapes = Fixtures.resolve("shapes");
        Map<String, Object> world = new ObjectMapper().readValue(shapes.resolve("shapes.json").toFile(), Map.class);
        Map<String, Object> w = (Map<String, Object>) world.get("world");
        String prompt = (String) ((Map<String, Object>) world.get("reference_prompts")).get("color_shape");
        double reference = ((Number) ((Map<String, Object>) world.get("reference_zero_shot_accuracy"))
                .get("color_shape_acc")).doubleValue();
        StringBuilder ontology = new StringBuilder();
        for (String c : (List<String>) w.get("colors")) {
            for (String s : (List<String>) w.get("shapes")) {
                ontology.append('"').append(prompt.replace("{color}", c).replace("{shape}", s)).append("\": ")
                        .append(c).append('_').append(s).append('\n');
            }
        }
        Path onto = tmp.resolve("shapes.yaml");
        Files.writeString(onto, ontology);
        Path out = tmp.resolve("out");
        Path input = shapes.resolve("images/test");

        CliRun r = CliRun.of("label", "--model", "metaclip:" + shapes.resolve("shapes-clip"), "--ontology",
                onto.toString(), "--input", input.toString(), "--output", out.toString(), "--confidence", "0.3");
        assertThat(r.exitCode()).as(r.err()).isZero();

        List<ManifestRecord> records = Manifest.read(out.resolve(Manifest.FILE_NAME));
        long images;
        try (var s = Files.walk(input)) {
            images = s.filter(Files::isRegularFile).count();
        }
        assertThat(records).hasSize((int) images);
        long right = records.stream()
                .filter(x -> Path.of(x.source()).getParent().getFileName().toString().equals(x.className())).count();
        assertThat((double) right / images).as("label accuracy vs the reference zero-shot accuracy %s", reference)
                .isGreaterThanOrEqualTo(reference - 0.03);
        assertThat(records).allSatisfy(x -> assertThat(x.scores()).hasSize(16));
        assertThat(DatasetStats.of(out).total() + DatasetStats.of(out).unlabeled()).isEqualTo((int) images);
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"checkpointSha256\" : \"")
                .contains("metaclip:");
    }
}
