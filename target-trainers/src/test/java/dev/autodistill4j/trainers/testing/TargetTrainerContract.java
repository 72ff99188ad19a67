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
import dev.autodistill4j.trainers.data.TrainingDataException;
import dev.autodistill4j.trainers.eval.EvaluationResult;
import dev.autodistill4j.trainers.eval.Evaluator;
import dev.autodistill4j.datasets.Versions;
import dev.autodistill4j.trainers.model.Provenance;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.api.progress.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/**
 * What every {@link TargetTrainer} must do, on a generated three-colour dataset: train a model directory that the
 * {@code target} provider serves and that classifies held-out images well; record provenance with the real
 * versions; be deterministic at the weight level (same seed → bit-identical weight files; another seed →
 * other weights, for trainers that declare they use the seed); give probabilities that sum to 1 and batch
 * predictions equal to one-by-one ones, in order; refuse bad datasets and occupied output folders with clear
 * messages; detect a corrupted model directory. A missing capability fails the check that needs it.
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
        return TargetTrainers.discover().find(trainerName());
    }

    @Test
    void isFoundByName() {
        assertThat(TargetTrainers.discover().names()).contains(trainerName());
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
        Provenance.SoftwareVersions versions = dir.provenanceRecord().versions();
        assertThat(versions.autodistill4j()).isNotEqualTo("dev").isEqualTo(Versions.autodistill4j());
        assertThat(versions.djl()).isNotEqualTo("dev").isEqualTo(ai.djl.engine.Engine.getDjlVersion());
        assertThat(dir.provenanceRecord().dataset().images()).containsOnlyKeys("train", "valid", "test");
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

    /**
     * Whether this trainer's weights depend on the seed. Abstract on purpose: each trainer states it, and the
     * contract checks the statement either way (a seed-free trainer must give identical weights for another
     * seed), so no trainer passes the determinism checks by omission.
     */
    protected abstract boolean seedChangesWeights();

    @Test
    void sameSeedGivesBitIdenticalWeightsAndMetrics() {
        TrainingResult again = trainer().train(request(dataset, temp.resolve("model-b")).build());
        assertThat(weightHashes(again.modelDir())).as("weight files' sha256, same seed")
                .isEqualTo(weightHashes(first.modelDir()));
        assertThat(again.metrics().get("valid_accuracy")).isEqualTo(first.metrics().get("valid_accuracy"));
        assertThat(again.metrics()).isEqualTo(first.metrics());
    }

    @Test
    void anotherSeedGivesOtherWeightsExactlyWhenTheTrainerSaysItUsesTheSeed() {
        TrainingResult other = trainer().train(request(dataset, temp.resolve("model-seed7")).seed(7).build());
        assertThat(TargetModelDirectory.open(other.modelDir()).provenanceRecord().seed()).isEqualTo(7L);
        if (seedChangesWeights()) {
            assertThat(weightHashes(other.modelDir())).as("weight files' sha256, seed 7 vs 42")
                    .isNotEqualTo(weightHashes(first.modelDir()));
        } else {
            assertThat(weightHashes(other.modelDir())).as(trainerName() + " declares its weights seed-independent")
                    .isEqualTo(weightHashes(first.modelDir()));
        }
    }

    @Test
    void probabilitiesSumToOne() {
        try (ClassificationBaseModel c = classifier()) {
            List<Classifications> out = c.predictBatch(heldOutImages(), 0.0);
            assertThat(out).hasSize(heldOutImages().size());
            for (Classifications r : out) {
                assertThat(r.distribution()).hasSize(CLASSES.size());
                double sum = 0;
                for (float p : r.distribution()) {
                    assertThat(p).isBetween(0f, 1f);
                    sum += p;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void aBatchEqualsItsImagesOneByOneInOrder() {
        List<BufferedImage> images = heldOutImages();
        try (ClassificationBaseModel c = classifier()) {
            List<Classifications> batch = c.predictBatch(images, 0.0);
            List<Classifications> reversed = c.predictBatch(reversed(images), 0.0);
            assertThat(batch).hasSize(images.size());
            assertThat(reversed).hasSize(images.size());
            for (int i = 0; i < images.size(); i++) {
                Classifications one = c.predict(images.get(i), 0.0);
                assertClose(batch.get(i), one, "image " + i + ": batch vs one by one");
                assertClose(reversed.get(images.size() - 1 - i), one, "image " + i + ": reversed batch");
            }
            assertThat(batch.stream().map(Classifications::topClass).distinct().count())
                    .as("the held-out images span the classes, so order mistakes would show").isEqualTo(3);
        }
    }

    /** One image of each colour, three times, in a fixed interleaved order. */
    private static List<BufferedImage> heldOutImages() {
        Random rnd = new Random(11);
        List<BufferedImage> out = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String colour : CLASSES) {
                out.add(SyntheticDatasets.image(colour, rnd));
            }
        }
        return out;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    private static void assertClose(Classifications actual, Classifications expected, String what) {
        assertThat(actual.classes()).as(what).isEqualTo(expected.classes());
        float[] a = actual.distribution();
        float[] e = expected.distribution();
        assertThat(a).as(what).hasSameSizeAs(e);
        for (int k = 0; k < a.length; k++) {
            assertThat(a[k]).as(what + ", class " + k).isCloseTo(e[k], within(1e-5f));
        }
    }

    /**
     * The first model served by the {@code target} provider as a classifier; fails (never skips) when the
     * trainer's model is not one, since every check after this needs it.
     */
    protected ClassificationBaseModel classifier() {
        BaseModel m = new TargetModelProvider().load(ModelRequest.of(first.modelDir().toString()));
        if (!(m instanceof ClassificationBaseModel c)) {
            m.close();
            return fail(trainerName() + " wrote a model the target provider serves as " + m.getClass().getName()
                    + ", not a ClassificationBaseModel: every target model must classify");
        }
        return c;
    }

    /**
     * The sha256 of every weight file of a model directory, by name; fails when the manifest lists none (a
     * trainer that writes no weights would otherwise pass the determinism checks with two empty maps).
     */
    protected static Map<String, String> weightHashes(Path modelDir) {
        TargetModelDirectory dir = TargetModelDirectory.open(modelDir);
        Map<String, String> out = new TreeMap<>();
        dir.manifest().path("files").fieldNames().forEachRemaining(name -> out.put(name,
                dev.autodistill4j.trainers.data.Hashing.sha256(dir.file(name))));
        if (out.isEmpty()) {
            fail(modelDir + "/model.json lists no weight files: the contract compares weights, so a trainer must "
                    + "write at least one");
        }
        return out;
    }

    @Test
    void refusesOneClassDataset() {
        Path one = SyntheticDatasets.write(temp.resolve("one"), List.of("red"), 4, 2, 0, 1);
        assertThatThrownBy(() -> trainer().train(request(one, temp.resolve("m1")).build()))
                .isInstanceOf(TrainingDataException.class).hasMessageContaining("at least two");
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
                .isInstanceOf(TrainingDataException.class).hasMessageContaining("'valid'");
    }

    @Test
    void reportsEmptyClassFolder() throws IOException {
        Path ds = SyntheticDatasets.write(temp.resolve("emptyclass"), List.of("red", "blue"), 4, 2, 0, 1);
        Files.createDirectories(ds.resolve("train").resolve("green"));
        assertThatThrownBy(() -> trainer().train(request(ds, temp.resolve("m3")).build()))
                .isInstanceOf(TrainingDataException.class).hasMessageContaining("green").hasMessageContaining("no images");
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
