package dev.autodistill4j.trainers.student;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.trainers.TargetTrainers;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accuracy gates on the shapes fixture: a student distilled from the tiny shapes CLIP on
 * {@code images/pool} — no labels — classifies the held-out {@code images/extra} zero-shot within 0.03 of the
 * teacher, with the 16-class ontology it was trained with and with colour-only and shape-only ontologies it
 * never saw, and takes a {@code classes:} 3-shot ontology. Trained once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudentShapesTest {
    private static final Logger LOG = LoggerFactory.getLogger(StudentShapesTest.class);
    private static final List<String> COLOURS = List.of("red", "green", "blue", "yellow");
    private static final List<String> SHAPES = List.of("circle", "square", "triangle", "star");
    private static final double TOLERANCE = 0.03;
    /** Small enough for a 2-core CI machine; measured in docs/trainers.md. */
    static final Map<String, String> PARAMS = Map.of("arch", System.getProperty("student.arch", "cnn"),
            "input-size", System.getProperty("student.size", "32"),
            "widths", System.getProperty("student.widths", "16,32,64,128"),
            "batch-size", "32", "relational", System.getProperty("student.relational", "0"));
    static final int EPOCHS = Integer.getInteger("student.epochs", 30);

    private Path shapes;
    private Path work;
    private String teacher;
    private Path student;
    private final Map<Path, BufferedImage> extra = new LinkedHashMap<>();

    static Map<String, String> ontology16() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : COLOURS) {
            for (String s : SHAPES) {
                m.put("a photo of a " + c + " " + s + ".", c + "_" + s);
            }
        }
        return m;
    }

    @BeforeAll
    void distil() throws IOException {
        shapes = Fixtures.resolve("shapes");
        work = Files.createTempDirectory("student-shapes-");
        teacher = "metaclip:" + shapes.resolve("shapes-clip");
        Path prompts = work.resolve("shapes-ontology.yaml");
        StringBuilder yaml = new StringBuilder();
        ontology16().forEach((p, c) -> yaml.append('"').append(p).append("\": ").append(c).append('\n'));
        Files.writeString(prompts, yaml);
        for (Path p : ImageFiles.walk(shapes.resolve("images/extra"))) {
            extra.put(p, ImageDecoder.defaults().decode(p));
        }
        long t0 = System.nanoTime();
        TrainingResult r = TargetTrainers.discover().find("student").train(TrainingRequest.builder(shapes.resolve("images/pool"),
                work.resolve("student")).baseModel(teacher).params(PARAMS).epochs(EPOCHS).param("prompts", prompts.toString()).device("cpu")
                .build());
        LOG.info("student trained in {} s: {}", (System.nanoTime() - t0) / 1e9, r.metrics().get("valid_cosine"));
        student = r.modelDir();
    }

    @AfterAll
    void cleanUp() throws IOException {
        StudentTestFiles.delete(work);
    }

    @Test
    void sixteenClassZeroShotWithinToleranceOfTheTeacher() {
        assertWithinTolerance(CaptionOntology.of(ontology16()), Function.identity());
    }

    @Test
    void unseenColourOnlyOntologyWithinToleranceOfTheTeacher() {
        Map<String, String> m = new LinkedHashMap<>();
        COLOURS.forEach(c -> m.put("a photo of something " + c + ".", c));
        assertWithinTolerance(CaptionOntology.of(m), folder -> folder.substring(0, folder.indexOf('_')));
    }

    @Test
    void unseenShapeOnlyOntologyWithinToleranceOfTheTeacher() {
        Map<String, String> m = new LinkedHashMap<>();
        SHAPES.forEach(s -> m.put("a photo of a " + s + ".", s));
        assertWithinTolerance(CaptionOntology.of(m), folder -> folder.substring(folder.indexOf('_') + 1));
    }

    @Test
    void threeShotClassesOntologyWorks() throws IOException {
        ReferenceOntology.Builder b = ReferenceOntology.builder();
        for (String c : COLOURS) {
            for (String s : SHAPES) {
                List<Path> shots = ImageFiles.walk(shapes.resolve("images/pool/" + c + "_" + s)).subList(0, 3);
                b.images(c + "_" + s, shots);
            }
        }
        ReferenceOntology threeShot = b.build();
        double t = accuracy(teacher, threeShot, Function.identity());
        double s = accuracy("target:" + student, threeShot, Function.identity());
        LOG.info("3-shot classes: teacher {} student {}", t, s);
        assertThat(s).isGreaterThanOrEqualTo(t - 0.05).isGreaterThan(0.8);
    }

    @Test
    void embeddingWithoutNewPromptsNeverLoadsTheTeacher() {
        try (BaseModel m = BaseModelRegistry.discover().load("target:" + student, ModelRequest.of(null))) {
            StudentModel sm = (StudentModel) m;
            assertThat(sm.embedImages(new ArrayList<>(extra.values()).subList(0, 4))).hasSize(4);
            assertThat(sm.predict(extra.values().iterator().next(), 0.5).scores()).hasSize(16);
            assertThat(sm.teacherLoaded()).isFalse();
            assertThat(sm.logitScale()).isGreaterThan(1);
            assertThat(((EmbeddingModel) m).embedText("a photo of a blue star.")).hasSize(64);
            assertThat(sm.teacherLoaded()).isFalse();
            assertThat(((EmbeddingModel) m).embedText("a blue star")).hasSize(64);
            assertThat(sm.teacherLoaded()).isTrue();
        }
    }

    private void assertWithinTolerance(Ontology ontology, Function<String, String> truth) {
        double t = accuracy(teacher, ontology, truth);
        double s = accuracy("target:" + student, ontology, truth);
        LOG.info("zero-shot {} classes on extra: teacher {} student {}", ontology.classes().size(), t, s);
        assertThat(s).isGreaterThanOrEqualTo(t - TOLERANCE);
    }

    private double accuracy(String spec, Ontology ontology, Function<String, String> truth) {
        try (BaseModel m = BaseModelRegistry.discover().load(spec, ModelRequest.of(null).withOntology(ontology))) {
            List<Path> paths = new ArrayList<>(extra.keySet());
            List<Classifications> c = BaseModels.classifier(m).predictBatch(new ArrayList<>(extra.values()), 0);
            int ok = 0;
            for (int i = 0; i < paths.size(); i++) {
                if (truth.apply(paths.get(i).getParent().getFileName().toString()).equals(c.get(i).topClass())) {
                    ok++;
                }
            }
            return ok / (double) paths.size();
        }
    }
}
