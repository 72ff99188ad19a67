package dev.autodistill4j.trainers.cnn;

import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.testing.SyntheticDatasets;
import dev.autodistill4j.trainers.testing.TargetTrainerContract;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CnnTrainerTest extends TargetTrainerContract {

    @Override
    protected String trainerName() {
        return "cnn";
    }

    @Override
    protected TrainingRequest.Builder request(Path dataset, Path out) {
        return TrainingRequest.builder(dataset, out).epochs(6).param("input-size", "24").param("widths", "8,16")
                .param("batch-size", "12").param("lr", "0.01").device("cpu");
    }

    @Override
    protected double minimumAccuracy() {
        return 0.85;
    }

    @Test
    void recordsHistoryAndKeepsTheBestEpoch() {
        TargetModelDirectory dir = TargetModelDirectory.open(temp.resolve("model-a"));
        assertThat(dir.metrics().path("history").size()).isBetween(1, 6);
        int best = dir.metrics().path("best_epoch").asInt();
        double bestAcc = dir.metrics().path("history").get(best - 1).path("valid_accuracy").asDouble();
        assertThat(dir.metrics().path("valid_accuracy").asDouble()).isEqualTo(bestAcc);
        dir.metrics().path("history").forEach(h ->
                assertThat(h.path("valid_accuracy").asDouble()).isLessThanOrEqualTo(bestAcc));
        assertThat(dir.hyperParameters().path("color-jitter").asDouble()).isZero();
        assertThat(dir.preprocessing().path("input_size").asInt()).isEqualTo(24);
    }

    @Test
    void fineTunesFromAModelDirectoryOrParamsFile() {
        Path previous = temp.resolve("model-a");
        TrainingResult tuned = trainer().train(request(dataset, temp.resolve("tuned")).epochs(2).init(previous)
                .build());
        assertThat((double) tuned.metrics().get("valid_accuracy")).isGreaterThanOrEqualTo(0.85);
        assertThat(TargetModelDirectory.open(tuned.modelDir()).provenance().path("init_checkpoint").asText())
                .isEqualTo(previous.toAbsolutePath().toString());
        TrainingResult fromFile = trainer().train(request(dataset, temp.resolve("tuned2")).epochs(1)
                .init(previous.resolve("cnn-0000.params")).build());
        assertThat(fromFile.modelDir()).isDirectory();
    }

    @Test
    void initWithMismatchedShapesIsAClearError() throws IOException {
        Path four = SyntheticDatasets.write(temp.resolve("four"), List.of("blue", "green", "red", "yellow"), 4, 2, 0, 5);
        assertThatThrownBy(() -> trainer().train(request(four, temp.resolve("bad-init")).epochs(1)
                .init(temp.resolve("model-a")).build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("model-a")
                .hasMessageContaining("class");
        assertThat(temp.resolve("bad-init")).doesNotExist();
        Path junk = Files.writeString(temp.resolve("junk-0000.params"), "not weights");
        assertThatThrownBy(() -> trainer().train(request(dataset, temp.resolve("bad-init2")).epochs(1)
                .init(junk).build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("junk-0000.params");
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThatThrownBy(() -> trainer().train(request(dataset, temp.resolve("hp")).param("widths", "x").build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("widths");
        assertThatThrownBy(() -> trainer().train(request(dataset, temp.resolve("hp")).param("input-size", "8")
                .build())).isInstanceOf(TrainingException.class).hasMessageContaining("input-size");
    }
}
