package dev.autodistill4j.metaclip;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.metaclip.model.GoldenData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole provider against the OpenAI reference, for each checkpoint layout: loaded with the production
 * checkpoint loader, tokenizer, decoder and preprocessor, then compared with {@code golden.safetensors}.
 */
class MetaclipGoldenTest {
    private static GoldenData golden;

    @BeforeAll
    static void readGolden() {
        golden = new GoldenData();
    }

    private static MetaclipModel load(String layout) {
        String dir = Fixtures.resolve("clip/" + layout).toString();
        return (MetaclipModel) new MetaclipProvider().load(ModelRequest.of(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-clip", "tiny-clip-bin", "tiny-clip-openclip"})
    void fromGoldenPixelsAndIds(String layout) {
        try (MetaclipModel model = load(layout)) {
            float[][] pixels = golden.images.stream().map(golden::pixels64).toArray(float[][]::new);
            float[][] images = model.network().encodeImages(pixels);
            float[][] texts = model.network().encodeTexts(golden.ids);
            for (int i = 0; i < images.length; i++) {
                assertThat(GoldenData.maxAbsDiff(images[i], golden.imageEmbed(i)))
                        .as("%s image %s", layout, golden.images.get(i)).isLessThanOrEqualTo(golden.embedsTolerance);
            }
            for (int j = 0; j < texts.length; j++) {
                assertThat(GoldenData.maxAbsDiff(texts[j], golden.textEmbed(j)))
                        .as("%s text '%s'", layout, golden.texts.get(j)).isLessThanOrEqualTo(golden.embedsTolerance);
            }
            assertLogits(layout, model.network().logitScale(), List.of(images), List.of(texts));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-clip", "tiny-clip-bin", "tiny-clip-openclip"})
    void endToEndFromImageFilesAndTexts(String layout) {
        ImageDecoder decoder = ImageDecoder.defaults();
        try (MetaclipModel model = load(layout)) {
            List<BufferedImage> decoded = golden.images.stream()
                    .map(name -> decoder.decode(Fixtures.resolve("clip/images/" + name))).toList();
            List<float[]> images = model.embedImages(decoded);
            List<float[]> texts = model.embedTexts(golden.texts);
            for (int i = 0; i < images.size(); i++) {
                String name = golden.images.get(i);
                if (name.endsWith(".jpg")) {
                    // JPEG decoders may differ by a grey level: compare directions, not values
                    assertThat(Embeddings.cosine(images.get(i), golden.imageEmbed(i))).as("%s %s", layout, name)
                            .isGreaterThanOrEqualTo(0.999);
                } else {
                    assertThat(GoldenData.maxAbsDiff(images.get(i), golden.imageEmbed(i))).as("%s %s", layout, name)
                            .isLessThanOrEqualTo(golden.embedsTolerance);
                }
            }
            for (int j = 0; j < texts.size(); j++) {
                assertThat(GoldenData.maxAbsDiff(texts.get(j), golden.textEmbed(j)))
                        .as("%s tokenised '%s'", layout, golden.texts.get(j))
                        .isLessThanOrEqualTo(golden.embedsTolerance);
            }
            List<float[]> pngImages = images.subList(0, golden.images.indexOf("scene.jpg"));
            assertLogits(layout, model.network().logitScale(), pngImages, texts);
        }
    }

    private static void assertLogits(String layout, float scale, List<float[]> images, List<float[]> texts) {
        for (int i = 0; i < images.size(); i++) {
            float[] row = new float[texts.size()];
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) (scale * Embeddings.cosine(images.get(i), texts.get(j)));
            }
            assertThat(GoldenData.maxAbsDiff(row, golden.logits(i))).as("%s logits of %s", layout,
                    golden.images.get(i)).isLessThanOrEqualTo(golden.logitsTolerance);
        }
    }
}
