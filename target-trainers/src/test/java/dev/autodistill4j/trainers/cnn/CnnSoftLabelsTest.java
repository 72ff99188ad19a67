package dev.autodistill4j.trainers.cnn;

import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.PathNames;
import dev.autodistill4j.datasets.Split;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import dev.autodistill4j.trainers.data.TrainingData;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.testing.SyntheticDatasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Soft-label distillation: the teacher's scores in {@code manifest.jsonl} are what the cnn trains on. */
class CnnSoftLabelsTest {
    private static final List<String> CLASSES = List.of("blue", "green", "red");

    @TempDir
    static Path temp;
    static Path labelled;
    static Path handMade;

    @BeforeAll
    static void datasets() throws IOException {
        labelled = SyntheticDatasets.write(temp.resolve("labelled"), CLASSES, 10, 4, 0, 11);
        writeManifest(labelled, "blue");
        handMade = SyntheticDatasets.write(temp.resolve("hand-made"), CLASSES, 10, 4, 0, 11);
    }

    /** A teacher that is sure of each folder's class, except that it mixes "blue" up with "green". */
    private static void writeManifest(Path root, String moved) throws IOException {
        try (Manifest m = Manifest.openForAppend(root.resolve(Manifest.FILE_NAME));
             var files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
                String cls = f.getParent().getFileName().toString();
                Map<String, Double> scores = new LinkedHashMap<>();
                for (String c : CLASSES) {
                    scores.put(c, c.equals(cls) ? 0.6 : 0.2);
                }
                if (cls.equals(moved)) {
                    scores.put("green", 0.35);
                    scores.put("red", 0.05);
                }
                String rel = PathNames.relative(root, f);
                m.append(new ManifestRecord(f.toString(), "0".repeat(64), rel.substring(0, rel.indexOf('/')), cls,
                        scores.get(cls), scores, rel, null));
            }
        }
    }

    private static TrainingRequest.Builder request(Path dataset, Path out) {
        return TrainingRequest.builder(dataset, out).epochs(2).param("input-size", "24").param("widths", "8,16")
                .param("batch-size", "6").param("lr", "0.01").device("cpu");
    }

    private static byte[] weights(TrainingResult r) throws IOException {
        return Files.readAllBytes(r.modelDir().resolve(CnnWeights.FILE));
    }

    @Test
    void theTeachersScoresChangeTrainingAndASeedGivesTheSameRun() throws IOException {
        CnnTrainer cnn = new CnnTrainer();
        TrainingResult soft = cnn.train(request(labelled, temp.resolve("soft")).build());
        TrainingResult again = cnn.train(request(labelled, temp.resolve("soft-again")).build());
        TrainingResult hard = cnn.train(request(labelled, temp.resolve("hard")).param("soft-labels", "false")
                .build());
        assertThat(soft.metrics()).containsEntry("targets", "soft");
        assertThat(hard.metrics()).containsEntry("targets", "hard");
        assertThat(weights(again)).as("same seed, same soft run").isEqualTo(weights(soft));
        assertThat(weights(hard)).as("the distribution, not the folder, drove the soft run")
                .isNotEqualTo(weights(soft));
        TrainingResult hotter = cnn.train(request(labelled, temp.resolve("hot")).param("temperature", "5").build());
        assertThat(weights(hotter)).as("the temperature reshapes the targets").isNotEqualTo(weights(soft));
        assertThat(TargetModelDirectory.open(hotter.modelDir()).hyperParameters().path("temperature").asDouble())
                .isEqualTo(5.0);
        assertThat(TargetModelDirectory.open(soft.modelDir()).hyperParameters().path("soft-labels").asText())
                .isEqualTo("auto");
    }

    @Test
    void targetsAreTheScoresSoftenedByTheTemperatureAndAMovedImageKeepsItsFolder() throws IOException {
        Map<String, Double> p = Map.of("blue", 0.64, "green", 0.32, "red", 0.04, "unknown", 0.5);
        float[] t1 = SoftTargets.soften(p, CLASSES, 1);
        assertThat(t1[0]).isCloseTo(0.64f, within(1e-6f));
        float[] t2 = SoftTargets.soften(p, CLASSES, 2);
        assertThat(t2[0] / t2[2]).as("p^(1/2)").isCloseTo(4f, within(1e-4f));
        assertThat(t2[0] + t2[1] + t2[2]).isCloseTo(1f, within(1e-6f));

        Path reviewed = SyntheticDatasets.write(temp.resolve("reviewed"), CLASSES, 3, 2, 0, 5);
        writeManifest(reviewed, "none");
        Path image = reviewed.resolve("train/blue/blue_00.png");
        Files.move(image, reviewed.resolve("train/red/moved.png"));
        List<String> lines = Files.readAllLines(reviewed.resolve(Manifest.FILE_NAME));
        Files.write(reviewed.resolve(Manifest.FILE_NAME), lines.stream()
                .map(l -> l.replace("train/blue/blue_00.png", "train/red/moved.png")).toList());
        TrainingData data = TrainingData.load(reviewed);
        List<DatasetItem> train = data.split(Split.TRAIN);
        float[][] targets = SoftTargets.of(data, train, SoftLabels.AUTO, 1);
        for (int i = 0; i < train.size(); i++) {
            int own = CLASSES.indexOf(train.get(i).label());
            boolean moved = train.get(i).image().getFileName().toString().equals("moved.png");
            assertThat(targets[i][own]).as(train.get(i).image().toString()).isCloseTo(moved ? 1f : 0.6f,
                    within(1e-6f));
        }
    }

    @Test
    void aDatasetWithoutScoresIsAnErrorWhenSoftLabelsAreAskedForAndHardLabelsByDefault() {
        CnnTrainer cnn = new CnnTrainer();
        Path out = temp.resolve("refused");
        assertThatThrownBy(() -> cnn.train(request(handMade, out).param("soft-labels", "true").build()))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining(handMade.resolve(Manifest.FILE_NAME).toString())
                .hasMessageContaining("-p soft-labels=false");
        assertThat(out.resolve("model.json")).doesNotExist();
        assertThat(cnn.train(request(handMade, temp.resolve("auto")).build()).metrics())
                .containsEntry("targets", "hard");
        assertThatThrownBy(() -> cnn.train(request(handMade, out).param("soft-labels", "maybe").build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("soft-labels=maybe");
        assertThatThrownBy(() -> cnn.train(request(handMade, out).param("temperature", "0").build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("temperature=0.0");
    }
}
