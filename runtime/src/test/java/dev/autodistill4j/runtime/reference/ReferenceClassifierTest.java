package dev.autodistill4j.runtime.reference;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelRunner;
import dev.autodistill4j.runtime.label.LabelSummary;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.OntologyException;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.testing.ColourHistogramModel;
import dev.autodistill4j.datasets.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The reference classifier on the test-colour model (8-bin colour histograms, logit scale 20), where every
 * cosine is known in closed form, so the documented formula is checked number for number.
 */
@SuppressWarnings("unchecked")
class ReferenceClassifierTest {
    @TempDir
    Path tmp;

    static void solid(Path file, int rgb) throws Exception {
        image(file, (x, y) -> rgb);
    }

    interface Pixel {
        int rgb(int x, int y);
    }

    static void image(Path file, Pixel p) throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, p.rgb(x, y));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    ClassificationBaseModel load(String yaml) throws Exception {
        Path f = tmp.resolve("o.yaml");
        Files.writeString(f, yaml);
        ModelRequest request = new ModelRequest(null, OntologyLoader.loadAny(f), null, Map.of());
        return (ClassificationBaseModel) BaseModelRegistry.discover().load("test-colour", request);
    }

    static double sigmoid(double d) {
        return 1 / (1 + Math.exp(-d));
    }

    @Test
    void prototypesImagesAndVectorsGiveTheDocumentedProbability() throws Exception {
        solid(tmp.resolve("refs/red1.png"), 0xFF0000);
        solid(tmp.resolve("refs/red2.png"), 0xF00000);
        solid(tmp.resolve("query.png"), 0xFF0000);
        try (ClassificationBaseModel m = load("""
                classes:
                  warm: {images: [refs/]}
                  cool: {vectors: [[0, 1, 0, 0, 0, 0, 0, 0]]}
                """)) {
            Classifications c = m.predict(ImageDecoder.defaults().decode(tmp.resolve("query.png")), 0.5);
            assertThat(c.topClass()).isEqualTo("warm");
            // cos(query, warm) = 1, cos(query, cool) = 0, logit scale 20: p = sigmoid(20)
            assertThat((double) c.scores().get("warm")).isCloseTo(sigmoid(20), within(1e-6));
            assertThat(m).isInstanceOf(EmbeddingModel.class);
            assertThat(m.info().details()).containsKey("classifier");
        }
    }

    @Test
    void textAndImageEvidenceAreAveragedInTheLogit() throws Exception {
        // half black, half red: histogram (0.5 black, 0.5 red) -> cosine 1/sqrt(2) with pure red
        image(tmp.resolve("half.png"), (x, y) -> x < 4 ? 0 : 0xFF0000);
        solid(tmp.resolve("query.png"), 0xFF0000);
        try (ClassificationBaseModel m = load("""
                classes:
                  warm: {prompts: [red], images: [half.png]}
                  cool: {prompts: [blue]}
                """)) {
            Classifications c = m.predict(ImageDecoder.defaults().decode(tmp.resolve("query.png")), 0.5);
            double warm = 20 * (1 + Math.sqrt(0.5)) / 2;
            assertThat((double) c.scores().get("warm")).isCloseTo(sigmoid(warm), within(1e-6));
        }
    }

    @Test
    void knnUsesTheNearestExamplesInsteadOfTheMean() throws Exception {
        solid(tmp.resolve("r1.png"), 0xFF0000);
        solid(tmp.resolve("r2.png"), 0xFF0000);
        solid(tmp.resolve("k.png"), 0x000000);
        solid(tmp.resolve("query.png"), 0xFF0000);
        String classes = """
                classes:
                  warm: {images: [r1.png, r2.png, k.png]}
                  cool: {vectors: [[0, 1, 0, 0, 0, 0, 0, 0]]}
                """;
        BufferedImage q = ImageDecoder.defaults().decode(tmp.resolve("query.png"));
        try (ClassificationBaseModel proto = load(classes);
             ClassificationBaseModel knn = load("method: knn\nk: 2\n" + classes)) {
            float[] e = ((EmbeddingModel) proto).embedImage(q);
            float[] protoLogits = ((ReferenceClassificationModel) proto).classifier().logits(e);
            float[] knnLogits = ((ReferenceClassificationModel) knn).classifier().logits(e);
            assertThat((double) protoLogits[0]).isCloseTo(20 * 2 / Math.sqrt(5), within(1e-4));
            assertThat((double) knnLogits[0]).isCloseTo(20, within(1e-4));
        }
    }

    @Test
    void brokenReferenceImageFailsBeforeAnythingIsLabelledNamingTheFile() throws Exception {
        solid(tmp.resolve("refs/good.png"), 0xFF0000);
        Files.write(tmp.resolve("refs/bad.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.createDirectories(tmp.resolve("in"));
        solid(tmp.resolve("in/a.png"), 0xFF0000);
        Path f = tmp.resolve("o.yaml");
        Files.writeString(f, "classes:\n  warm: {images: [refs/]}\n  cool: blue\n");
        int open = ColourHistogramModel.openModels();
        LabelConfig config = LabelConfig.builder().model("test-colour").ontologyFile(f).input(tmp.resolve("in"))
                .output(tmp.resolve("out")).build();
        assertThatThrownBy(() -> new LabelRunner(BaseModelRegistry.discover()).run(config, ProgressListener.NONE))
                .isInstanceOf(ReferenceImageException.class).hasMessageContaining("bad.png")
                .hasMessageContaining("class 'warm'")
                .satisfies(e -> assertThat(((ReferenceImageException) e).file().getFileName().toString()).isEqualTo("bad.png"));
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(ColourHistogramModel.openModels()).isEqualTo(open);
    }

    @Test
    void vectorOfTheWrongDimensionNamesTheFileAndClass() throws Exception {
        assertThatThrownBy(() -> load("classes:\n  warm: {vectors: [[1, 0, 0]]}\n  cool: blue\n"))
                .isInstanceOf(OntologyException.class).hasMessageContaining("class 'warm'")
                .hasMessageContaining("dimension 3").hasMessageContaining("8 dimensions")
                .hasMessageStartingWith(tmp.resolve("o.yaml") + ": ");
    }

    @Test
    void labelRecordsEveryReferenceImageHashAndResumes() throws Exception {
        solid(tmp.resolve("refs/r.png"), 0xFF0000);
        solid(tmp.resolve("refs/b.png"), 0x0000FF);
        for (int i = 0; i < 3; i++) {
            solid(tmp.resolve("in/red" + i + ".png"), 0xFF0000);
            solid(tmp.resolve("in/blue" + i + ".png"), 0x0000FF);
        }
        Path f = tmp.resolve("o.yaml");
        Files.writeString(f, "classes:\n  warm: {images: [refs/r.png]}\n  cool: {images: [refs/b.png], prompts: [blue]}\n");
        LabelConfig config = LabelConfig.builder().model("test-colour").ontologyFile(f).input(tmp.resolve("in"))
                .output(tmp.resolve("out")).build();
        LabelSummary s = new LabelRunner(BaseModelRegistry.discover()).run(config, ProgressListener.NONE);
        assertThat(s.perClass()).containsEntry("warm", 3).containsEntry("cool", 3);
        Map<String, Object> run = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(tmp.resolve("out/run.json").toFile(), Map.class);
        Map<String, Object> classes = (Map<String, Object>) ((Map<String, Object>) run.get("ontology")).get("classes");
        assertThat((List<Map<String, Object>>) ((Map<String, Object>) classes.get("warm")).get("images"))
                .singleElement().satisfies(m -> assertThat(m.get("sha256")).isEqualTo(Sha256.of(tmp.resolve("refs/r.png"))));
        LabelSummary again = new LabelRunner(BaseModelRegistry.discover()).run(config, ProgressListener.NONE);
        assertThat(again.resumed()).isEqualTo(6);
        // a changed reference image changes the ontology's hash: the run is not silently resumed
        solid(tmp.resolve("refs/r.png"), 0xEE0000);
        LabelConfig changed = LabelConfig.builder().model("test-colour").ontologyFile(f).input(tmp.resolve("in"))
                .output(tmp.resolve("out")).build();
        assertThatThrownBy(() -> new LabelRunner(BaseModelRegistry.discover()).run(changed, ProgressListener.NONE))
                .hasMessageContaining("ontology");
    }

    @Test
    void queryVectorIsBetweenTextAndExamples() throws Exception {
        solid(tmp.resolve("r.png"), 0xFF0000);
        try (BaseModel m = load("classes:\n  warm: {prompts: [black], images: [r.png]}\n  cool: blue\n")) {
            ReferenceClassifier c = ((ReferenceClassificationModel) m).classifier();
            float[] q = c.queryVector("warm");
            assertThat((double) q[0]).isCloseTo(Math.sqrt(0.5), within(1e-6));
            assertThat((double) q[4]).isCloseTo(Math.sqrt(0.5), within(1e-6));
            assertThatThrownBy(() -> c.queryVector("nope")).hasMessageContaining("not a class");
        }
    }
}
