package dev.autodistill4j.trainers.testing;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.trainers.TargetModelProvider;
import dev.autodistill4j.trainers.TargetTrainer;
import dev.autodistill4j.trainers.TargetTrainers;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import dev.autodistill4j.trainers.data.DatasetException;
import dev.autodistill4j.trainers.eval.EvaluationResult;
import dev.autodistill4j.trainers.eval.Evaluator;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.api.progress.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link TargetTrainer} must do, on a generated three-colour dataset: train a model directory that the
 * {@code target} provider serves and that classifies held-out images well; record provenance; be deterministic;
 * refuse bad datasets and occupied output folders with clear messages; detect a corrupted model directory.
 *
 * <p>Subclasses name the trainer and may add hyper-parameters that keep training cheap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TargetTrainerContract {
    protected static final List<String> CLASSES = List.of("blue", "green", "red");

    protected Path temp;
    protected Path dataset;
    private TrainingResult first;

    /** The trainer's registered name. */
    protected abstract String trainerName();

    /** A request builder for {@code dataset} → {@code out} with whatever keeps this trainer fast. */
    protected abstract TrainingRequest.Builder request(Path dataset, Path out);

    /** Accuracy the trainer must reach on the generated held-out images. */
    protected double minimumAccuracy() {
        return 0.9;
    }

    @BeforeAll
    void trainOnce() throws IOException {
        temp = Files.createTempDirectory("trainer-contract-");
        dataset = SyntheticDatasets.write(temp.resolve("data"), CLASSES, 24, 9, 9, 7);
        first = trainer().train(request(dataset, temp.resolve("model-a")).build());
    }

    @AfterAll
    void deleteTemp() throws IOException {
        try (Stream<Path> s = Files.walk(temp)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    protected TargetTrainer trainer() {
        return TargetTrainers.find(trainerName());
    }

    @Test
    void isFoundByName() {
        assertThat(TargetTrainers.names()).contains(trainerName());
        assertThat(trainer().description()).isNotBlank();
    }

    @Test
    void writesSelfContainedModelDirectoryWithProvenance() {
        TargetModelDirectory dir = TargetModelDirectory.open(first.modelDir());
        assertThat(dir.trainer()).isEqualTo(trainerName());
        assertThat(dir.classes()).containsExactlyElementsOf(CLASSES);
        assertThat(dir.provenance().path("dataset").path("manifest_sha256").asText()).hasSize(64);
        assertThat(dir.provenance().path("seed").asLong()).isEqualTo(42L);
        assertThat(dir.provenance().path("versions").path("java").asText()).isNotBlank();
        // real versions, not a placeholder: the build's own version and the DJL on the classpath
        assertThat(dir.provenance().path("versions").path("autodistill4j").asText())
                .matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(dir.provenance().path("versions").path("djl").asText()).isEqualTo("0.36.0");
        assertThat(dir.metrics().path("valid_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(dir.preprocessing().isObject()).isTrue();
        assertThat(dir.hyperParameters().isObject()).isTrue();
        try (Stream<Path> s = Files.list(first.modelDir().getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".partial-"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void targetProviderServesTheModelAndItClassifiesHeldOutImages() {
        try (BaseModel m = new TargetModelProvider().load(ModelRequest.of(first.modelDir().toString()))) {
            assertThat(m).isInstanceOf(ClassificationBaseModel.class);
            ClassificationBaseModel c = (ClassificationBaseModel) m;
            assertThat(c.ontology().classes()).containsExactlyElementsOf(CLASSES);
            Classifications one = c.predict(SyntheticDatasets.image("green", new Random(1)), 0.0);
            assertThat(one.distribution()).hasSize(3);
            EvaluationResult r = Evaluator.evaluate(c, dataset.resolve("test"), ProgressListener.NONE);
            assertThat(r.scored()).isEqualTo(27);
            assertThat(r.accuracy()).isGreaterThanOrEqualTo(minimumAccuracy());
        }
    }

    @Test
    void sameSeedGivesSameMetrics() {
        TrainingResult again = trainer().train(request(dataset, temp.resolve("model-b")).build());
        assertThat(again.metrics().get("valid_accuracy")).isEqualTo(first.metrics().get("valid_accuracy"));
        assertThat(again.metrics()).isEqualTo(first.metrics());
    }

    @Test
    void refusesOneClassDataset() {
        Path one = SyntheticDatasets.write(temp.resolve("one"), List.of("red"), 4, 2, 0, 1);
        assertThatThrownBy(() -> trainer().train(request(one, temp.resolve("m1")).build()))
                .isInstanceOf(DatasetException.class).hasMessageContaining("at least two");
        assertThat(temp.resolve("m1")).doesNotExist();
    }

    @Test
    void refusesEmptyValidSplit() throws IOException {
        Path ds = SyntheticDatasets.write(temp.resolve("novalid"), List.of("red", "blue"), 4, 1, 0, 1);
        for (String c : List.of("red", "blue")) {
            try (Stream<Path> s = Files.list(ds.resolve("valid").resolve(c))) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(ds.resolve("valid").resolve(c));
        }
        assertThatThrownBy(() -> trainer().train(request(ds, temp.resolve("m2")).build()))
                .isInstanceOf(DatasetException.class).hasMessageContaining("'valid'");
    }

    @Test
    void reportsEmptyClassFolder() throws IOException {
        Path ds = SyntheticDatasets.write(temp.resolve("emptyclass"), List.of("red", "blue"), 4, 2, 0, 1);
        Files.createDirectories(ds.resolve("train").resolve("green"));
        assertThatThrownBy(() -> trainer().train(request(ds, temp.resolve("m3")).build()))
                .isInstanceOf(DatasetException.class).hasMessageContaining("green").hasMessageContaining("no images");
    }

    @Test
    void neverOverwritesAnOccupiedOutputFolder() throws IOException {
        Path out = Files.createDirectories(temp.resolve("occupied"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> trainer().train(request(dataset, out).build()))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("not empty");
        assertThat(out.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void detectsCorruptedModelDirectory() throws IOException {
        Path copy = temp.resolve("corrupt");
        Files.createDirectories(copy);
        try (Stream<Path> s = Files.list(first.modelDir())) {
            for (Path p : s.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        Path weights;
        try (Stream<Path> s = Files.list(copy)) {
            weights = s.filter(p -> !p.getFileName().toString().equals("model.json")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> new TargetModelProvider().load(ModelRequest.of(copy.toString())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining(weights.getFileName().toString())
                .hasMessageContaining("corrupt");
        Files.writeString(copy.resolve("model.json"), "{ not json");
        assertThatThrownBy(() -> new TargetModelProvider().load(ModelRequest.of(copy.toString())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("model.json");
    }
}
