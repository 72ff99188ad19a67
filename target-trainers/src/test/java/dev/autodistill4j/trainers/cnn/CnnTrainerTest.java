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

    @Test
    void divergedTrainingSavesNothingAndSaysWhichKnobToTurn() {
        Path out = temp.resolve("diverged");
        assertThatThrownBy(() -> trainer().train(request(dataset, out).epochs(2).param("lr", "1e30").build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("diverged")
                .hasMessageContaining("lr");
        assertThat(out.resolve("model.json")).doesNotExist();
        assertThatThrownBy(() -> trainer().train(request(dataset, out).param("lr", "NaN").build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("lr=NaN");
    }

    /** Weights with NaN (the sha256 updated to match, as a diverged run would write them) are refused at load. */
    @Test
    void nonFiniteWeightsAreRefusedAtLoadNamingTheParameterAndFile() throws Exception {
        Path copy = Files.createDirectories(temp.resolve("nan-cnn"));
        try (java.util.stream.Stream<Path> s = Files.list(temp.resolve("model-a"))) {
            for (Path p : s.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        try (ai.djl.Model m = ai.djl.Model.newInstance("cnn", ai.djl.Device.cpu(), "PyTorch")) {
            m.setBlock(ConvNet.build(CLASSES.size(), new int[] {8, 16}, false, 0.1));
            m.getBlock().initialize(m.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                    new ai.djl.ndarray.types.Shape(1, 3, 24, 24)); // Model.save records the input shape
            m.load(copy, CnnWeights.PREFIX, java.util.Map.of("epoch", "0"));
            m.getBlock().getParameters().get(0).getValue().getArray().muli(Float.NaN);
            m.setProperty("Epoch", "0");
            m.save(copy, CnnWeights.PREFIX);
        }
        Path weights = copy.resolve(CnnWeights.FILE);
        Path manifest = copy.resolve("model.json");
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("files").path(CnnWeights.FILE))
                .put("sha256", dev.autodistill4j.trainers.data.Hashing.sha256(weights));
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(manifest.toFile(), root);
        assertThatThrownBy(() -> new dev.autodistill4j.trainers.TargetModelProvider()
                .load(dev.autodistill4j.api.model.ModelRequest.of(copy.toString())))
                .isInstanceOf(dev.autodistill4j.api.model.ModelLoadException.class)
                .hasMessageContaining(weights.toString()).hasMessageContaining("parameter")
                .hasMessageContaining("NaN");
    }
}
