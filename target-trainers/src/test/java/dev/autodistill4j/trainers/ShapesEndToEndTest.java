package dev.autodistill4j.trainers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelRunner;
import dev.autodistill4j.runtime.label.LabelSummary;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.trainers.data.TrainingDataException;
import dev.autodistill4j.trainers.eval.EvaluationResult;
import dev.autodistill4j.trainers.eval.Evaluator;
import dev.autodistill4j.trainers.eval.HtmlReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole loop on the shapes fixture: MetaCLIP (the tiny shapes CLIP) labels the 1600 pool JPEGs with the 16
 * "a photo of a {color} {shape}." prompts; both target models train on that labelled dataset; each is scored on
 * the held-out {@code images/extra} PNGs against the folder names. The dataset is labelled once and shared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShapesEndToEndTest {
    private static final Logger LOG = LoggerFactory.getLogger(ShapesEndToEndTest.class);
    private Path shapes;
    private JsonNode reference;
    private Path work;
    private Path dataset;
    private String model;
    private LabelSummary summary;

    static CaptionOntology shapesOntology() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : List.of("red", "green", "blue", "yellow")) {
            for (String s : List.of("circle", "square", "triangle", "star")) {
                m.put("a photo of a " + c + " " + s + ".", c + "_" + s);
            }
        }
        return CaptionOntology.of(m);
    }

    @BeforeAll
    void labelThePool() throws IOException {
        shapes = Fixtures.resolve("shapes");
        reference = new ObjectMapper().readTree(shapes.resolve("shapes.json").toFile()).path("reference_pipeline");
        work = Files.createTempDirectory("shapes-e2e-");
        dataset = work.resolve("labelled");
        model = "metaclip:" + shapes.resolve("shapes-clip");
        LabelConfig config = LabelConfig.builder().model(model).ontology(shapesOntology())
                .input(shapes.resolve("images/pool")).output(dataset).confidence(0.0).build();
        summary = new LabelRunner(BaseModelRegistry.discover()).run(config, ProgressListener.NONE);
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void labelAccuracyMatchesTheReference() {
        assertThat(summary.images()).isEqualTo(1600);
        assertThat(summary.failed()).isZero();
        List<ManifestRecord> records = Manifest.read(dataset.resolve(Manifest.FILE_NAME));
        long correct = records.stream().filter(r -> !r.isError() && r.className() != null)
                .filter(r -> r.className().equals(Path.of(r.source()).getParent().getFileName().toString()))
                .count();
        double accuracy = correct / 1600.0;
        LOG.info("shapes: zero-shot label accuracy on pool {} (reference {})", accuracy,
                reference.path("zero_shot_pool").asDouble());
        assertThat(accuracy).isGreaterThanOrEqualTo(reference.path("zero_shot_pool").asDouble() - 0.05);
    }

    @Test
    void linearProbeReachesNinetyPercentOnExtra() throws IOException {
        TrainingResult r = TargetTrainers.discover().find("linear-probe").train(TrainingRequest.builder(dataset,
                work.resolve("linear-probe")).baseModel(model).build());
        double acc = evaluateOnExtra(r.modelDir(), "linear-probe");
        assertThat(acc).isGreaterThanOrEqualTo(0.90);

        // a corrupted copy of the model directory is refused with a clear message
        Path broken = work.resolve("linear-probe-broken");
        Files.createDirectories(broken);
        try (Stream<Path> s = Files.list(r.modelDir())) {
            for (Path p : s.toList()) {
                Files.copy(p, broken.resolve(p.getFileName()));
            }
        }
        Files.write(broken.resolve("linear-probe.bin"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> BaseModelRegistry.discover().load("target:" + broken, null))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("linear-probe.bin")
                .hasMessageContaining("corrupt");
    }

    @Test
    void cnnBeatsTheReferenceSmallCnn() {
        TrainingResult r = TargetTrainers.discover().find("cnn").train(TrainingRequest.builder(dataset, work.resolve("cnn"))
                .params(ShapesCnnSettings.PARAMS).epochs(ShapesCnnSettings.EPOCHS).device("cpu").build());
        double acc = evaluateOnExtra(r.modelDir(), "cnn");
        assertThat(acc).isGreaterThanOrEqualTo(0.60)
                .isGreaterThan(reference.path("small_cnn_from_scratch_extra").asDouble());
        // issue 22: distilling the teacher's scores (the default for a label dataset) reaches 0.90
        assertThat(r.metrics()).containsEntry("targets", "soft");
        assertThat(acc).as("soft-label cnn on extra").isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void unreadableEvaluationImageAndEmptyClassFolderAreReported() throws IOException {
        Path eval = work.resolve("eval-with-junk");
        Path cls = Files.createDirectories(eval.resolve("red_circle"));
        Files.copy(shapes.resolve("images/extra/red_circle/red_circle_00.png"), cls.resolve("ok.png"));
        Files.write(cls.resolve("truncated.png"), java.util.Arrays.copyOf(
                Files.readAllBytes(shapes.resolve("images/extra/red_circle/red_circle_01.png")), 60));
        try (BaseModel m = BaseModelRegistry.discover().load(model, new dev.autodistill4j.api.model.ModelRequest(
                null, shapesOntology(), null, Map.of()))) {
            EvaluationResult r = Evaluator.evaluate((ClassificationBaseModel) m, eval, ProgressListener.NONE);
            assertThat(r.scored()).isEqualTo(1);
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.image().getFileName().toString()).isEqualTo("truncated.png");
                assertThat(f.error()).contains("truncated.png");
            });
        }
        Files.createDirectories(eval.resolve("blue_star"));
        assertThatThrownBy(() -> Evaluator.truth(eval)).isInstanceOf(TrainingDataException.class)
                .hasMessageContaining("blue_star").hasMessageContaining("no images");
    }

    private double evaluateOnExtra(Path modelDir, String name) {
        try (BaseModel m = BaseModelRegistry.discover().load("target:" + modelDir, null)) {
            EvaluationResult r = Evaluator.evaluate((ClassificationBaseModel) m, shapes.resolve("images/extra"),
                    ProgressListener.NONE);
            HtmlReport.write(r, name, shapes.resolve("images/extra"), work.resolve(name + ".html"), 16);
            assertThat(r.scored()).isEqualTo(128);
            LOG.info("shapes: {} accuracy on extra {} (macro F1 {})", name, r.accuracy(), r.macroF1());
            return r.accuracy();
        }
    }
}
