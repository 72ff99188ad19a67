package dev.autodistill4j.runtime.zeroshot;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A provider that only embeds ({@link HistogramEmbedder}) gets caption and {@code classes:} zero-shot from the
 * runtime, and labels a folder, with no classification code of its own.
 */
class EmbeddingOnlyProviderTest {
    private static final int RED = 0xFF0000;
    private static final int BLUE = 0x0000FF;

    @TempDir
    Path tmp;

    private final BaseModelRegistry registry = BaseModelRegistry.of(List.of(new HistogramEmbedder.Provider()));

    private static BufferedImage solid(int rgb) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private static CaptionOntology captions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a red thing", "warm");
        m.put("a magenta thing", "warm");
        m.put("a blue thing", "cool");
        return CaptionOntology.of(m);
    }

    @Test
    void withoutAnOntologyTheModelOnlyEmbeds() {
        try (BaseModel m = registry.load(HistogramEmbedder.NAME, ModelRequest.defaults())) {
            assertThat(m).isInstanceOf(EmbeddingModel.class).isNotInstanceOf(ClassificationBaseModel.class);
        }
    }

    @Test
    void aCaptionOntologyIsClassifiedZeroShotByTheRuntime() {
        try (BaseModel m = registry.load(HistogramEmbedder.NAME, ModelRequest.forOntology(captions()))) {
            assertThat(m).isInstanceOf(CaptionClassificationModel.class).isInstanceOf(EmbeddingModel.class);
            ClassificationBaseModel c = (ClassificationBaseModel) m;
            Classifications red = c.predict(solid(RED), 0.5);
            // cosines to the prompts: red 1, magenta 0, blue 0 → softmax of (10, 0, 0), summed per class
            double warm = (Math.exp(10) + 1) / (Math.exp(10) + 2);
            assertThat(red.classes()).containsExactly("warm", "cool");
            assertThat(red.topClass()).isEqualTo("warm");
            assertThat(red.distribution()[0]).isCloseTo((float) warm, within(1e-6f));
            assertThat(c.predict(solid(BLUE), 0.5).topClass()).isEqualTo("cool");
            assertThat(c.predict(solid(RED), 0.9999999).hasLabel()).as("the threshold is the runtime's").isFalse();
            assertThat(m.info().details()).containsKey("classifier");
        }
    }

    @Test
    void aClassesOntologyOfExampleImagesIsClassifiedByTheRuntime() throws Exception {
        Files.createDirectories(tmp.resolve("refs"));
        ImageIO.write(solid(RED), "png", tmp.resolve("refs/red.png").toFile());
        Path yaml = tmp.resolve("o.yaml");
        Files.writeString(yaml, """
                classes:
                  warm: {images: [refs/red.png]}
                  cool: {prompts: [a blue thing]}
                """);
        ModelRequest request = ModelRequest.forOntology(OntologyLoader.loadAny(yaml));
        try (var c = (ClassificationBaseModel) registry.load(HistogramEmbedder.NAME, request)) {
            assertThat(c.predict(solid(RED), 0.5).topClass()).isEqualTo("warm");
            assertThat(c.predict(solid(BLUE), 0.5).topClass()).isEqualTo("cool");
        }
    }

    @Test
    void itLabelsAFolderThroughTheJavaApi() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 4; i++) {
            ImageIO.write(solid(i % 2 == 0 ? RED : BLUE), "png", in.resolve("img" + i + ".png").toFile());
        }
        try (var c = (ClassificationBaseModel) registry.load(HistogramEmbedder.NAME,
                ModelRequest.forOntology(captions()))) {
            Path out = c.label(in, tmp.resolve("out"));
            List<String> lines = Files.readAllLines(out.resolve("manifest.jsonl"));
            assertThat(lines).hasSize(4);
            assertThat(lines).filteredOn(l -> l.contains("\"class\":\"warm\"")).hasSize(2);
        }
    }
}
