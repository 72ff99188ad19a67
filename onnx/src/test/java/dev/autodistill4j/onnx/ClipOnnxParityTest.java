package dev.autodistill4j.onnx;

import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.onnx.export.ClipOnnxExporter;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.onnx.runtime.OnnxClipNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exported fp32 graphs, run in ONNX Runtime, against the OpenAI reference outputs for each checkpoint
 * layout the metaclip provider reads; and each graph passes ONNX's own checker.
 */
class ClipOnnxParityTest {
    private static Golden golden;

    @BeforeAll
    static void readGolden() {
        golden = new Golden();
    }

    @AfterAll
    static void closeGolden() {
        if (golden != null) {
            golden.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-clip", "tiny-clip-bin", "tiny-clip-openclip"})
    void exportedGraphsReproduceTheReference(String layout, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("export");
        java.nio.file.Files.createDirectories(out);
        new ClipOnnxExporter(Precision.FP32).export(Fixtures.resolve("clip/" + layout), layout, null, out);
        ClipOnnxDirectory dir = ClipOnnxDirectory.open(out);
        try (OnnxClipNetwork net = OnnxProvider.network(dir, 2)) {
            float[][] images = net.encodeImages(golden.pixels64(), golden.images.size());
            float[][] texts = net.encodeTexts(golden.ids);
            for (int i = 0; i < images.length; i++) {
                assertThat(Golden.maxAbsDiff(images[i], golden.row("image_embeds", i)))
                        .as("%s image %s", layout, golden.images.get(i)).isLessThanOrEqualTo(1e-4);
            }
            for (int j = 0; j < texts.length; j++) {
                assertThat(Golden.maxAbsDiff(texts[j], golden.row("text_embeds", j)))
                        .as("%s text '%s'", layout, golden.texts.get(j)).isLessThanOrEqualTo(1e-4);
            }
            assertThat(net.logitScale()).isCloseTo(golden.json.get("logit_scale").floatValue(),
                    org.assertj.core.api.Assertions.within(1e-3f));
            for (int i = 0; i < images.length; i++) {
                float[] row = new float[texts.length];
                for (int j = 0; j < texts.length; j++) {
                    row[j] = (float) (net.logitScale() * Embeddings.cosine(images[i], texts[j]));
                }
                assertThat(Golden.maxAbsDiff(row, golden.row("logits_per_image", i)))
                        .as("%s logits of %s", layout, golden.images.get(i)).isLessThanOrEqualTo(1e-3);
            }
        }
        OnnxChecker.check(out.resolve(ClipOnnxManifest.IMAGE_FILE));
        OnnxChecker.check(out.resolve(ClipOnnxManifest.TEXT_FILE));
    }
}
