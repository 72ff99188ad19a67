package dev.autodistill4j.trainers.linear;

import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.testing.ColourFeaturesProvider;
import dev.autodistill4j.trainers.testing.SyntheticDatasets;
import dev.autodistill4j.trainers.testing.TargetTrainerContract;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinearProbeTrainerTest extends TargetTrainerContract {

    @Override
    protected String trainerName() {
        return "linear-probe";
    }

    @Override
    protected TrainingRequest.Builder request(Path dataset, Path out) {
        return TrainingRequest.builder(dataset, out).baseModel("colour-features");
    }

    @Override
    protected boolean seedChangesWeights() {
        return false; // convex loss, deterministic L-BFGS from zero: the optimum does not depend on a seed
    }

    @Test
    void theConfigReadBackFromModelJsonIsTheOneTrainedWith() {
        LinearProbeConfig read = LinearProbeConfig.read(dev.autodistill4j.trainers.model.TargetModelDirectory
                .open(temp.resolve("model-a")));
        LinearProbeConfig trained = LinearProbeConfig.from(request(dataset, temp.resolve("unused")).build());
        assertThat(read.l2Grid()).isEqualTo(trained.l2Grid());
        assertThat(read.maxIterations()).isEqualTo(trained.maxIterations());
        assertThat(read.refit()).isEqualTo(trained.refit());
        assertThat(read.baseModel()).startsWith("colour-features");
    }

    /**
     * A model.json as earlier versions wrote it (an unknown key kept, {@code refit}/{@code max-iterations}
     * absent, versions "dev") still loads, with the recorded base model, and predicts what the current one does.
     */
    @Test
    void aModelJsonInTheOldShapeStillLoadsAndPredictsTheSame() throws IOException {
        Path old = Files.createDirectories(temp.resolve("old-shape-probe"));
        try (Stream<Path> s = Files.list(temp.resolve("model-a"))) {
            for (Path p : s.toList()) {
                Files.copy(p, old.resolve(p.getFileName()));
            }
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(old.resolve("model.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("hyper_parameters"))
                .put("foo", "bar").remove(List.of("refit", "max-iterations"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("provenance").path("versions"))
                .put("autodistill4j", "dev").put("djl", "dev");
        json.writeValue(old.resolve("model.json").toFile(), root);
        java.awt.image.BufferedImage image = SyntheticDatasets.image("red", new java.util.Random(5));
        try (var now = classifier();
             var before = (dev.autodistill4j.api.model.ClassificationBaseModel) new dev.autodistill4j.trainers
                     .TargetModelProvider().load(dev.autodistill4j.api.model.ModelRequest.of(old.toString()))) {
            assertThat(before.predict(image, 0).distribution()).containsExactly(now.predict(image, 0).distribution());
        }
        LinearProbeConfig read = LinearProbeConfig.read(dev.autodistill4j.trainers.model.TargetModelDirectory.open(old));
        assertThat(read.refit()).isTrue();
        assertThat(read.maxIterations()).isEqualTo(500);
    }

    @Test
    void unknownHyperParameterListsTheKnownOnes() {
        assertThatThrownBy(() -> new LinearProbeTrainer().train(request(dataset, temp.resolve("x4"))
                .param("lr", "0.1").build())).isInstanceOf(TrainingException.class)
                .hasMessageContaining("unknown linear-probe hyper-parameter 'lr'")
                .hasMessageContaining("[l2-grid, max-iterations, refit]");
        assertThat(temp.resolve("x4")).doesNotExist();
    }

    @Test
    void cachesEmbeddingsAndRebuildsACorruptCache() throws IOException {
        Path ds = SyntheticDatasets.write(temp.resolve("cache-ds"), List.of("red", "yellow"), 6, 3, 0, 3);
        int before = ColourFeaturesProvider.EMBEDDED.get();
        new LinearProbeTrainer().train(request(ds, temp.resolve("c1")).build());
        assertThat(ColourFeaturesProvider.EMBEDDED.get() - before).isEqualTo(18);
        Path cache;
        try (Stream<Path> s = Files.list(ds.resolve(EmbeddingCache.FOLDER))) {
            cache = s.filter(p -> p.getFileName().toString().startsWith("embeddings-")).findFirst().orElseThrow();
        }

        int mid = ColourFeaturesProvider.EMBEDDED.get();
        new LinearProbeTrainer().train(request(ds, temp.resolve("c2")).build());
        assertThat(ColourFeaturesProvider.EMBEDDED.get()).as("second run reuses the cache").isEqualTo(mid);

        byte[] bytes = Files.readAllBytes(cache);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(cache, bytes);
        new LinearProbeTrainer().train(request(ds, temp.resolve("c3")).build());
        assertThat(ColourFeaturesProvider.EMBEDDED.get() - mid).as("corrupt cache is rebuilt").isEqualTo(18);

        // a new image: only it is embedded
        SyntheticDatasets.writeImages(ds.resolve("train").resolve("zz-new").getParent().resolve("red"), "red", 7,
                new java.util.Random(99));
        int beforeNew = ColourFeaturesProvider.EMBEDDED.get();
        new LinearProbeTrainer().train(request(ds, temp.resolve("c4")).build());
        assertThat(ColourFeaturesProvider.EMBEDDED.get() - beforeNew).isEqualTo(7);
    }

    @Test
    void rejectsInitCheckpointAndBadGrid() {
        assertThatThrownBy(() -> new LinearProbeTrainer().train(request(dataset, temp.resolve("x1"))
                .init(temp).build())).isInstanceOf(TrainingException.class).hasMessageContaining("`init`");
        assertThatThrownBy(() -> new LinearProbeTrainer().train(request(dataset, temp.resolve("x2"))
                .param("l2-grid", "a,b").build())).isInstanceOf(TrainingException.class).hasMessageContaining("l2-grid");
    }

    @Test
    void unknownBaseModelListsProviders() {
        assertThatThrownBy(() -> new LinearProbeTrainer().train(TrainingRequest.builder(dataset, temp.resolve("x3"))
                .baseModel("nope:thing").build())).hasMessageContaining("unknown model provider 'nope'")
                .hasMessageContaining("colour-features");
    }

    /** A weight file holding NaN (with a matching sha256, as a diverged run would write it) is refused at load. */
    @Test
    void nonFiniteWeightsAreRefusedAtLoadNamingTheRowAndFile() throws IOException {
        Path copy = Files.createDirectories(temp.resolve("nan-probe"));
        try (Stream<Path> s = Files.list(temp.resolve("model-a"))) {
            for (Path p : s.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        Path weights = copy.resolve(LinearProbeTrainer.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        java.nio.ByteBuffer.wrap(bytes).putFloat(16 + 4 * 3, Float.NaN); // W[0][3], after magic, classes, dim
        Files.write(weights, bytes);
        Path manifest = copy.resolve("model.json");
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("files").path(LinearProbeTrainer.WEIGHTS))
                .put("sha256", dev.autodistill4j.trainers.data.Hashing.sha256(weights));
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(manifest.toFile(), root);
        assertThatThrownBy(() -> new dev.autodistill4j.trainers.TargetModelProvider()
                .load(dev.autodistill4j.api.model.ModelRequest.of(copy.toString())))
                .isInstanceOf(dev.autodistill4j.api.model.ModelLoadException.class)
                .hasMessageContaining(weights.toString()).hasMessageContaining("W[0]").hasMessageContaining("NaN");
    }
}
