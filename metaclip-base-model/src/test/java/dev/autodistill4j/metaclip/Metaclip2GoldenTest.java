package dev.autodistill4j.metaclip;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.ModelFamily;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MetaCLIP 2 ("worldwide", transformers' {@code MetaClip2Model}) through the production provider against the
 * reference outputs of {@code fixtures/metaclip2}: tokenizer ids exact, embeddings from the golden pixels and
 * ids within 1e-4, logits within 1e-3, and end to end from the image files and texts.
 */
class Metaclip2GoldenTest {
    private static Metaclip2Golden golden;
    private static MetaclipModel model;

    @BeforeAll
    static void load() {
        golden = new Metaclip2Golden();
        model = (MetaclipModel) new MetaclipProvider().load(ModelRequest.of(golden.dir.toString()));
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void configAppliesTheHuggingFaceDefaultsPerTower() {
        ClipConfig c = model.network().config();
        assertThat(c.family()).isEqualTo(ModelFamily.METACLIP_2);
        // vision hidden_act is absent from config.json: MetaClip2VisionConfig's default quick_gelu applies
        assertThat(c.vision().activation()).isEqualTo(ClipConfig.Activation.QUICK_GELU);
        assertThat(c.text().activation()).isEqualTo(ClipConfig.Activation.GELU);
        assertThat(c.text().eosTokenId()).isEqualTo(2);
        assertThat(c.text().vocabSize()).isEqualTo(1002);
        assertThat(c.text().contextLength()).isEqualTo(32);
        assertThat(model.info().details()).containsEntry("family", "metaclip_2");
        PreprocessorConfig p = model.preprocessor().config();
        assertThat(p.resize()).isEqualTo(PreprocessorConfig.Resize.EXACT);
        assertThat(p.resizeHeight()).isEqualTo(32);
        assertThat(p.resizeWidth()).isEqualTo(32);
    }

    @Test
    void tokenIdsAreExactForEveryCase() {
        TextTokenizer tokenizer = model.tokenizer();
        assertThat(tokenizer.padId()).isEqualTo(1);
        assertThat(tokenizer.endOfTextId()).isEqualTo(2);
        assertThat(golden.cases).hasSize(golden.texts.size());
        for (Metaclip2Golden.TokCase c : golden.cases) {
            assertThat(tokenizer.encode(c.text())).as("ids of '%s'", c.text()).containsExactly(c.ids().length
                    > tokenizer.contextLength() ? c.padded() : c.ids());
            assertThat(tokenizer.encodePadded(c.text())).as("padded ids of '%s'", c.text())
                    .containsExactly(c.padded());
        }
        for (int i = 0; i < golden.texts.size(); i++) {
            assertThat(tokenizer.encodePadded(golden.texts.get(i))).containsExactly(golden.paddedIds[i]);
        }
    }

    @Test
    void aTruncatedTextKeepsItsEndToken() {
        int[] ids = model.tokenizer().encode("a photo of a cat ".repeat(40));
        assertThat(ids).hasSize(32);
        assertThat(ids[0]).isZero();
        assertThat(ids[31]).isEqualTo(2);
    }

    @Test
    void embeddingsFromGoldenPixelsAndIdsMatchTheReference() {
        float[][] images = model.network().encodeImages(golden.pixels, golden.images.size());
        float[][] texts = model.network().encodeTexts(golden.paddedIds);
        for (int i = 0; i < images.length; i++) {
            assertThat(Metaclip2Golden.maxAbsDiff(images[i], golden.imageEmbed(i))).as("image %s",
                    golden.images.get(i)).isLessThanOrEqualTo(1e-4);
        }
        for (int j = 0; j < texts.length; j++) {
            assertThat(Metaclip2Golden.maxAbsDiff(texts[j], golden.textEmbed(j))).as("text '%s' (pooled at %d)",
                    golden.texts.get(j), golden.poolIndex[j]).isLessThanOrEqualTo(1e-4);
        }
        for (int i = 0; i < images.length; i++) {
            assertThat(Metaclip2Golden.maxAbsDiff(logits(images[i], texts), golden.logitsRow(i)))
                    .as("logits of %s", golden.images.get(i)).isLessThanOrEqualTo(1e-3);
        }
    }

    @Test
    void unpaddedIdsGiveTheSameEmbeddingsAsPaddedOnes() {
        int[][] unpadded = golden.cases.stream().map(c -> model.tokenizer().encode(c.text())).toArray(int[][]::new);
        float[][] texts = model.network().encodeTexts(unpadded);
        for (int j = 0; j < texts.length; j++) {
            assertThat(Metaclip2Golden.maxAbsDiff(texts[j], golden.textEmbed(j))).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void endToEndFromImageFilesAndTexts() {
        ImageDecoder decoder = ImageDecoder.defaults();
        List<BufferedImage> decoded = new ArrayList<>();
        for (String name : golden.images) {
            decoded.add(decoder.decode(golden.dir.resolve("images").resolve(name)));
        }
        for (int i = 0; i < decoded.size(); i++) {
            // PIL's antialiased bicubic and JPEG decoders differ slightly: the fixture's pixel tolerance is 0.05
            assertThat(Metaclip2Golden.maxAbsDiff(model.preprocessor().preprocess(decoded.get(i)), golden.pixels(i)))
                    .as("pixels of %s (squashed to 32x32)", golden.images.get(i)).isLessThanOrEqualTo(0.05);
        }
        List<float[]> images = model.embedImages(decoded);
        List<float[]> texts = model.embedTexts(golden.texts);
        for (int i = 0; i < images.size(); i++) {
            assertThat(Embeddings.cosine(images.get(i), golden.imageEmbed(i))).as("image %s", golden.images.get(i))
                    .isGreaterThan(0.999);
        }
        for (int j = 0; j < texts.size(); j++) {
            assertThat(Metaclip2Golden.maxAbsDiff(texts.get(j), golden.textEmbed(j)))
                    .as("tokenised '%s'", golden.texts.get(j)).isLessThanOrEqualTo(1e-4);
        }
    }

    private static float[] logits(float[] image, float[][] texts) {
        float[] row = new float[texts.length];
        for (int j = 0; j < texts.length; j++) {
            row[j] = (float) (model.network().logitScale() * Embeddings.cosine(image, texts[j]));
        }
        return row;
    }
}
