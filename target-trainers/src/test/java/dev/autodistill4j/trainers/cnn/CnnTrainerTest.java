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

    @Override
    protected boolean seedChangesWeights() {
        return true; // initial weights, dropout masks, shuffles and augmentation all come from the seed
    }

    @Test
    void trainingNeitherReseedsNorDrawsFromTheEnginesGenerator() {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            ai.djl.ndarray.types.Shape four = new ai.djl.ndarray.types.Shape(4);
            engine.setRandomSeed(1234);
            m.randomUniform(0, 1, four).toFloatArray();
            float[] secondDraw = m.randomUniform(0, 1, four).toFloatArray();
            engine.setRandomSeed(1234);
            m.randomUniform(0, 1, four).toFloatArray();
            trainer().train(request(dataset, temp.resolve("engine-rng")).epochs(1).build());
            assertThat(m.randomUniform(0, 1, four).toFloatArray())
                    .as("the engine's generator continues where the caller left it").containsExactly(secondDraw);
        }
    }

    @Test
    void theConfigReadBackFromModelJsonIsTheOneTrainedWith() {
        CnnConfig trained = CnnConfig.from(request(dataset, temp.resolve("unused")).build());
        assertThat(CnnConfig.read(TargetModelDirectory.open(temp.resolve("model-a")))).isEqualTo(trained);
        assertThat(trained.toHyperParameters()).containsEntry("widths", List.of(8, 16)).containsEntry("lr", 0.01)
                .containsEntry("epochs", 6).containsEntry("input-size", 24);
    }

    @Test
    void unknownOrOutOfRangeHyperParametersNameTheKeyAndTheFix() {
        Path out = temp.resolve("hp-unknown");
        assertThatThrownBy(() -> trainer().train(request(dataset, out).param("lerning-rate", "0.1").build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("'lerning-rate'")
                .hasMessageContaining("known ones are [batch-size, color-jitter, crop-scale, dropout,")
                .hasMessageContaining("lr");
        assertThatThrownBy(() -> trainer().train(request(dataset, out).param("dropout", "1").build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("dropout=1.0")
                .hasMessageContaining("0.0 <= dropout < 1.0");
        assertThatThrownBy(() -> trainer().train(request(dataset, out).param("batch-size", "1").build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("batch-size=1");
        assertThat(out).doesNotExist();
    }

    /**
     * A model.json as earlier versions wrote it (a key this version does not know, training-only keys absent,
     * versions recorded as "dev") still loads, and predicts exactly what the current manifest does.
     */
    @Test
    void aModelJsonInTheOldShapeStillLoadsAndPredictsTheSame() throws Exception {
        Path old = copyOf(temp.resolve("model-a"), "old-shape-cnn");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(old.resolve("model.json").toFile());
        com.fasterxml.jackson.databind.node.ObjectNode hp =
                (com.fasterxml.jackson.databind.node.ObjectNode) root.path("hyper_parameters");
        hp.remove(List.of("patience", "random-crop", "color-jitter", "weight-decay"));
        hp.put("foo", "bar");
        com.fasterxml.jackson.databind.node.ObjectNode versions =
                (com.fasterxml.jackson.databind.node.ObjectNode) root.path("provenance").path("versions");
        versions.put("autodistill4j", "dev").put("djl", "dev");
        json.writeValue(old.resolve("model.json").toFile(), root);
        java.awt.image.BufferedImage image = SyntheticDatasets.image("blue", new java.util.Random(3));
        try (var now = classifier();
             var before = (dev.autodistill4j.api.model.ClassificationBaseModel) new dev.autodistill4j.trainers
                     .TargetModelProvider().load(dev.autodistill4j.api.model.ModelRequest.of(old.toString()))) {
            assertThat(before.predict(image, 0).distribution()).containsExactly(now.predict(image, 0).distribution());
        }
        assertThat(TargetModelDirectory.open(old).provenanceRecord().versions().djl()).isEqualTo("dev");
    }

    private static Path copyOf(Path dir, String name) throws IOException {
        Path copy = Files.createDirectories(dir.resolveSibling(name));
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        return copy;
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
