package dev.autodistill4j.metaclip.model;

import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network alone against the OpenAI reference outputs: golden pixel values and token ids in, embeddings
 * and logits out, for the Hugging Face safetensors weights read by an independent test reader.
 */
class ClipModelGoldenTest {
    private static GoldenData golden;
    private static ClipModel model;

    @BeforeAll
    static void load() throws Exception {
        golden = new GoldenData();
        Path dir = Fixtures.resolve("clip/tiny-clip");
        try (F32Safetensors weights = new F32Safetensors(dir.resolve("model.safetensors"))) {
            model = ClipModel.load(GoldenData.hfConfig(dir.resolve("config.json")), weights, null, dir.toString());
        }
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void imageEmbeddingsMatchTheReferenceOneByOneAndBatched() {
        float[][] pixels = golden.images.stream().map(golden::pixels64).toArray(float[][]::new);
        float[][] batched = model.encodeImages(pixels);
        for (int i = 0; i < pixels.length; i++) {
            float[] single = model.encodeImages(new float[][] {pixels[i]})[0];
            assertThat(GoldenData.maxAbsDiff(batched[i], golden.imageEmbed(i)))
                    .as("image %s batched", golden.images.get(i)).isLessThanOrEqualTo(golden.embedsTolerance);
            assertThat(GoldenData.maxAbsDiff(single, golden.imageEmbed(i)))
                    .as("image %s alone", golden.images.get(i)).isLessThanOrEqualTo(golden.embedsTolerance);
        }
    }

    @Test
    void textEmbeddingsMatchTheReferenceFromGoldenIds() {
        float[][] texts = model.encodeTexts(golden.ids);
        for (int i = 0; i < texts.length; i++) {
            assertThat(GoldenData.maxAbsDiff(texts[i], golden.textEmbed(i)))
                    .as("text '%s'", golden.texts.get(i)).isLessThanOrEqualTo(golden.embedsTolerance);
        }
    }

    @Test
    void logitsMatchTheReference() {
        float[][] images = model.encodeImages(golden.images.stream().map(golden::pixels64).toArray(float[][]::new));
        float[][] texts = model.encodeTexts(golden.ids);
        assertThat(model.logitScale()).isCloseTo(golden.json.get("logit_scale").floatValue(),
                org.assertj.core.api.Assertions.within(1e-3f));
        for (int i = 0; i < images.length; i++) {
            float[] expected = golden.logits(i);
            float[] actual = new float[texts.length];
            for (int j = 0; j < texts.length; j++) {
                actual[j] = (float) (model.logitScale() * Embeddings.cosine(images[i], texts[j]));
            }
            assertThat(GoldenData.maxAbsDiff(actual, expected)).as("logits of %s", golden.images.get(i))
                    .isLessThanOrEqualTo(golden.logitsTolerance);
        }
    }
}
