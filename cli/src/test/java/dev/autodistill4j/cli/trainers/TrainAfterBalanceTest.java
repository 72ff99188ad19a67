package dev.autodistill4j.cli.trainers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.trainers.testing.SyntheticDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #19 item 9 end to end: a {@code label} output whose classes collided or were sanitised ({@code a/b} in
 * {@code a_b-2/}, {@code con} in {@code con_/}) goes through {@code dataset balance} and {@code train}; the model
 * lists the ontology's class names (not {@code a_b-2}) and is embedded with the model that labelled the data.
 */
class TrainAfterBalanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aBalancedDatasetTrainsWithTheOntologysClassNames() throws Exception {
        Path ds = SyntheticDatasets.write(temp.resolve("labelled"), List.of("blue", "green", "red"), 12, 4, 0, 5);
        for (String split : List.of("train", "valid")) {
            Files.move(ds.resolve(split).resolve("blue"), ds.resolve(split).resolve("a_b"));
            Files.move(ds.resolve(split).resolve("red"), ds.resolve(split).resolve("a_b-2"));
            Files.move(ds.resolve(split).resolve("green"), ds.resolve(split).resolve("con_"));
        }
        Files.writeString(ds.resolve("run.json"), "{\"tool\": \"autodistill4j label\", \"status\": \"complete\", "
                + "\"model\": \"colour-features\", \"checkpointSha256\": \"x\", \"classFolders\": "
                + "{\"a_b\": \"a_b\", \"a/b\": \"a_b-2\", \"con\": \"con_\"}}");
        Path balanced = temp.resolve("balanced");
        CliRun b = CliRun.of("dataset", "balance", ds.toString(), "--t", "100", "--out", balanced.toString());
        assertThat(b.exitCode()).as(b.err()).isZero();

        Path model = temp.resolve("model");
        CliRun t = CliRun.of("train", "--dataset", balanced.toString(), "--target", "linear-probe", "--out",
                model.toString(), "--seed", "3");
        assertThat(t.exitCode()).as(t.err()).isZero();
        JsonNode manifest = JSON.readTree(model.resolve("model.json").toFile());
        List<String> classes = new ArrayList<>();
        manifest.path("classes").forEach(c -> classes.add(c.asText()));
        assertThat(classes).containsExactly("a/b", "a_b", "con");
        assertThat(manifest.toString()).as("the model that labelled the source").contains(
                "\"base_model\":\"colour-features\"");
        assertThat(t.err()).contains("colour-features");
    }
}
