package dev.autodistill4j.examples;

import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.regions.RegionSummary;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    @Test
    void classifyByExampleImagesWithAndWithoutPrompts() throws Exception {
        Path examples = Fixtures.resolve("shapes/images/test");
        ReferenceOntology refs = ClassifyByExamples.ontology(examples, Map.of());
        assertThat(refs.classes()).hasSize(16);
        assertThat(refs.prompts()).isEmpty();
        int correct = 0;
        for (String cls : List.of("red_circle", "blue_star", "green_square", "yellow_triangle")) {
            Path query = Fixtures.resolve(String.format("shapes/images/extra/%s/%s_00.png", cls, cls));
            if (ClassifyByExamples.classify(model(), refs, query, 0.0).topClass().equals(cls)) {
                correct++;
            }
        }
        assertThat(correct).isGreaterThanOrEqualTo(3);
        ReferenceOntology fused = ClassifyByExamples.ontology(examples, Map.of("red_circle", "a photo of a red circle."));
        assertThat(fused.definition("red_circle").prompts()).containsExactly("a photo of a red circle.");
        String out = captureStdout(() -> {
            try {
                ClassifyByExamples.main(new String[] {model(), examples.toString(),
                        Fixtures.resolve("shapes/images/extra/red_circle/red_circle_01.png").toString(), "0.3"});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(out).contains("top: red_circle");
    }

    @Test
    void nameTheBoxesOfAYoloFolder(@TempDir Path work) throws Exception {
        // two fixture images side by side on one canvas, one YOLO box around each
        BufferedImage a = ImageIO.read(image("red_circle", 0).toFile());
        BufferedImage b = ImageIO.read(image("blue_star", 0).toFile());
        int w = a.getWidth() + b.getWidth();
        int h = Math.max(a.getHeight(), b.getHeight());
        BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        canvas.getGraphics().drawImage(a, 0, 0, null);
        canvas.getGraphics().drawImage(b, a.getWidth(), 0, null);
        Path images = Files.createDirectories(work.resolve("images"));
        ImageIO.write(canvas, "png", images.resolve("pair.png").toFile());
        Path labels = Files.createDirectories(work.resolve("labels"));
        Files.writeString(labels.resolve("pair.txt"), String.format(Locale.ROOT,
                "0 %.6f %.6f %.6f %.6f%n0 %.6f %.6f %.6f %.6f%n",
                a.getWidth() / 2.0 / w, a.getHeight() / 2.0 / h, (double) a.getWidth() / w, (double) a.getHeight() / h,
                (a.getWidth() + b.getWidth() / 2.0) / w, b.getHeight() / 2.0 / h, (double) b.getWidth() / w,
                (double) b.getHeight() / h));
        RegionSummary s = NameBoxes.run(model(), ontologyFile(), images, labels, work.resolve("named"));
        assertThat(s.boxes()).isEqualTo(2);
        List<String> classes = Files.readAllLines(work.resolve("named/classes.txt"));
        List<String> lines = Files.readAllLines(work.resolve("named/labels/pair.txt"));
        assertThat(classes.get(Integer.parseInt(lines.get(0).split(" ")[0]))).isEqualTo("red_circle");
        assertThat(classes.get(Integer.parseInt(lines.get(1).split(" ")[0]))).isEqualTo("blue_star");
    }
}
