package dev.autodistill4j.cli.trainers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.trainers.testing.SyntheticDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train} without {@code --base-model} embeds with the model that labelled the dataset, as its
 * {@code run.json} records it, and says so on stderr (issue #19 item 15: it reached for the hub alias instead).
 */
class TrainRecordedModelTest {
    @TempDir
    Path temp;

    @Test
    void trainUsesTheModelTheDatasetRecordsAndSaysSo() throws Exception {
        Path ds = SyntheticDatasets.write(temp.resolve("ds"), List.of("blue", "green", "red"), 12, 4, 0, 5);
        Files.writeString(ds.resolve("run.json"), "{\"tool\": \"autodistill4j label\", \"status\": \"complete\", "
                + "\"model\": \"colour-features\", \"checkpointSha256\": \"x\"}");
        Path model = temp.resolve("model");
        CliRun r = CliRun.of("train", "--dataset", ds.toString(), "--target", "linear-probe", "--out", model.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("colour-features").contains("run.json").contains("base-model"); // a library log line names the setting key (issue 21)
        JsonNode manifest = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertThat(manifest.toString()).contains("\"base_model\":\"colour-features\"");

        Path explicit = temp.resolve("explicit");
        CliRun given = CliRun.of("train", "--dataset", ds.toString(), "--target", "linear-probe", "--out",
                explicit.toString(), "--base-model", "colour-features");
        assertThat(given.exitCode()).as(given.err()).isZero();
        assertThat(given.err()).doesNotContain("recorded in");
    }
}
