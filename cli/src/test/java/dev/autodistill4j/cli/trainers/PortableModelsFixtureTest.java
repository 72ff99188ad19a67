package dev.autodistill4j.cli.trainers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #26 items 1 and 2 on the shapes fixture: a linear probe trained with a relative {@code --base-model}
 * path works from anywhere and after it was moved; when its base weights moved, {@code --base-model} points at
 * them; and a trained model brings its own classes, so {@code predict} and {@code label} need no ontology.
 */
class PortableModelsFixtureTest {
    @TempDir
    Path tmp;
    private Path weights;
    private Path images;
    private Path ontology;

    @BeforeEach
    void copyTheFixtureClip() throws IOException {
        Path shapes = Fixtures.resolve("shapes");
        weights = tmp.resolve("weights/shapes-clip");
        Files.createDirectories(weights);
        try (Stream<Path> s = Files.list(shapes.resolve("shapes-clip"))) {
            for (Path f : s.toList()) {
                Files.copy(f, weights.resolve(f.getFileName().toString()));
            }
        }
        images = shapes.resolve("images/test");
        ontology = Path.of("").toAbsolutePath().getParent().resolve("examples/src/main/resources/shapes-ontology.yaml");
    }

    /** Labels the test images and trains a probe on them, the base model given as a path relative to here. */
    private Path trainProbe(String relativeBase) {
        Path ds = tmp.resolve("labelled");
        CliRun label = CliRun.of("label", "--model", relativeBase, "--ontology", ontology.toString(),
                "--input", images.toString(), "--output", ds.toString(), "--confidence", "0.3");
        assertThat(label.exitCode()).as(label.err()).isZero();
        Path probe = tmp.resolve("probe");
        CliRun train = CliRun.of("train", "--dataset", ds.toString(), "--target", "linear-probe", "--out",
                probe.toString(), "--base-model", relativeBase);
        assertThat(train.exitCode()).as(train.err()).isZero();
        return probe;
    }

    @Test
    void aProbeOnARelativeBasePathIsFoundAgainAfterItMovesAndAfterItsWeightsMove() throws Exception {
        String relative = "metaclip:" + Path.of("").toAbsolutePath().relativize(weights);
        Path probe = trainProbe(relative);
        String recorded = new ObjectMapper().readTree(probe.resolve("model.json").toFile())
                .path("preprocessing").path("base_model").asText();
        assertThat(recorded).isEqualTo("metaclip:" + weights.toAbsolutePath().normalize());

        Path moved = Files.createDirectories(tmp.resolve("elsewhere")).resolve("probe");
        Files.move(probe, moved);
        CliRun before = CliRun.of("predict", "--model", "target:" + moved, "--ontology", ontology.toString(),
                images.toString());
        assertThat(before.exitCode()).as(before.err()).isZero();

        Path newWeights = tmp.resolve("new-place/shapes-clip");
        Files.createDirectories(newWeights.getParent());
        Files.move(weights, newWeights);
        CliRun lost = CliRun.of("predict", "--model", "target:" + moved, "--ontology", ontology.toString(),
                images.toString());
        assertThat(lost.exitCode()).isEqualTo(2);
        assertThat(lost.err().lines().filter(l -> l.startsWith("error:")).toList()).singleElement()
                .asString().contains("--base-model").contains("sha256");

        CliRun found = CliRun.of("predict", "--model", "target:" + moved, "--base-model", "metaclip:" + newWeights,
                "--ontology", ontology.toString(), images.toString());
        assertThat(found.exitCode()).as(found.err()).isZero();
        assertThat(found.out()).isEqualTo(before.out());
    }

    @Test
    void aTrainedModelBringsItsOwnClassesToPredictAndLabel() throws Exception {
        Path probe = trainProbe("metaclip:" + weights);
        CliRun predict = CliRun.of("predict", "--model", "target:" + probe, images.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        List<Map<String, Object>> lines = predict.json();
        assertThat(lines).hasSize(128).allSatisfy(l -> assertThat((Map<?, ?>) l.get("scores")).hasSize(16));

        Path out = tmp.resolve("relabelled");
        CliRun label = CliRun.of("label", "--model", "target:" + probe, "--input", images.toString(), "--output",
                out.toString());
        assertThat(label.exitCode()).as(label.err()).isZero();
        assertThat(Files.readString(out.resolve("run.json"))).contains("red_circle");

        Path other = tmp.resolve("other.yaml");
        Files.writeString(other, "\"a cat\": cat\n\"a dog\": dog\n");
        CliRun wrong = CliRun.of("predict", "--model", "target:" + probe, "--ontology", other.toString(),
                images.toString());
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("error:").contains("leave --ontology out");

        CliRun zeroShot = CliRun.of("label", "--model", "metaclip:" + weights, "--input", images.toString(),
                "--output", tmp.resolve("zero-shot").toString());
        assertThat(zeroShot.exitCode()).isEqualTo(2);
        assertThat(zeroShot.err()).contains("error:").contains("pass --ontology");
    }
}
