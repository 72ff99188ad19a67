package dev.autodistill4j.examples;

import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.OntologyLoader;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.api.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example runs against the shapes fixture, so the examples in the docs never rot. */
class ExamplesTest {

    static Path ontologyFile() {
        try {
            return Path.of(ExamplesTest.class.getResource("/shapes-ontology.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String model() {
        return "metaclip:" + Fixtures.resolve("shapes/shapes-clip");
    }

    static Path image(String cls, int n) {
        return Fixtures.resolve(String.format("shapes/images/test/%s/%s_%02d.png", cls, cls, n));
    }

    @Test
    void shapesOntologyHasTheSixteenPrompts() {
        CaptionOntology o = OntologyLoader.load(ontologyFile());
        assertThat(o.prompts()).hasSize(16).contains("a photo of a red circle.", "a photo of a yellow star.");
        assertThat(o.classOf("a photo of a blue triangle.")).isEqualTo("blue_triangle");
    }

    @Test
    void classifyImageWithAThreshold() {
        CaptionOntology o = OntologyLoader.load(ontologyFile());
        int correct = 0;
        for (String cls : List.of("red_circle", "blue_star", "green_square", "yellow_triangle")) {
            Classifications c = ClassifyImage.classify(model(), o, image(cls, 0), 0.0);
            if (c.topClass().equals(cls)) {
                correct++;
            }
        }
        assertThat(correct).isGreaterThanOrEqualTo(3);
        Classifications none = ClassifyImage.classify(model(), o, image("red_circle", 1), 1.0);
        assertThat(none.hasLabel()).as("nothing is above 1.0").isFalse();

        String out = captureStdout(() -> ClassifyImage.main(new String[] {model(), ontologyFile().toString(),
                image("red_circle", 2).toString(), "0.3"}));
        assertThat(out).contains("top: ");
    }

    @Test
    void compareTextAndImageEmbeddings() {
        CompareEmbeddings.Similarities s = CompareEmbeddings.compare(model(),
                List.of(image("red_circle", 0), image("red_circle", 3), image("blue_star", 0)),
                List.of("a photo of a red circle.", "a photo of a blue star."));
        assertThat(s.dimension()).isPositive();
        assertThat(s.imageText()[0][0]).isGreaterThan(s.imageText()[0][1]);
        assertThat(s.imageText()[2][1]).isGreaterThan(s.imageText()[2][0]);
        assertThat(s.imageImage()[0][1]).as("two red circles are closer than a red circle and a blue star")
                .isGreaterThan(s.imageImage()[0][2]);
        assertThat(s.imageImage()[0][0]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-4f));
    }

    @Test
    void labelAFolderAndTrainATargetModel(@TempDir Path work) {
        LabelAndTrain.Outcome o = LabelAndTrain.run(model(), ontologyFile(), Fixtures.resolve("shapes/images/test"),
                work, "linear-probe", Fixtures.resolve("shapes/images/extra"), ProgressListener.NONE);
        assertThat(o.labels().images()).isEqualTo(128);
        assertThat(o.model().modelDir()).isDirectory();
        assertThat(o.evaluation().scored()).isEqualTo(128);
        assertThat(o.evaluation().accuracy()).isGreaterThan(0.8);
    }

    private static String captureStdout(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
