package dev.autodistill4j.onnx;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The onnx provider end to end — image files through the shared decoder and preprocessor, texts through the
 * shared tokenizer — against the OpenAI reference; and its refusals of damaged folders and bad options.
 */
class OnnxProviderGoldenTest {

    @Test
    void imageFilesAndTextsMatchTheReference() {
        Path dir = OnnxProviderTest.export();
        ImageDecoder decoder = ImageDecoder.defaults();
        try (Golden golden = new Golden();
             OnnxClipModel model = (OnnxClipModel) new OnnxProvider().load(ModelRequest.of(dir.toString()))) {
            List<BufferedImage> decoded = golden.images.stream()
                    .map(name -> decoder.decode(Fixtures.resolve("clip/images/" + name))).toList();
            List<float[]> images = model.embedImages(decoded);
            List<float[]> texts = model.embedTexts(golden.texts);
            for (int i = 0; i < images.size(); i++) {
                String name = golden.images.get(i);
                if (name.endsWith(".jpg")) {
                    assertThat(Embeddings.cosine(images.get(i), golden.row("image_embeds", i))).as(name)
                            .isGreaterThanOrEqualTo(0.999);
                } else {
                    assertThat(Golden.maxAbsDiff(images.get(i), golden.row("image_embeds", i))).as(name)
                            .isLessThanOrEqualTo(1e-4);
                }
            }
            for (int j = 0; j < texts.size(); j++) {
                assertThat(Golden.maxAbsDiff(texts.get(j), golden.row("text_embeds", j)))
                        .as("tokenised '%s'", golden.texts.get(j)).isLessThanOrEqualTo(1e-4);
            }
            // the exported checkpoint's own temperature (example-image ontologies use it), not the SPI's default
            assertThat(model.logitScale()).isEqualTo((double) model.network().logitScale());
            assertThat(model.info().details()).containsEntry("engine", "ONNX Runtime")
                    .containsEntry("precision", "fp32").containsEntry("spin_wait", false);
        }
    }

    @Test
    void aDamagedFileIsReportedBeforeAnythingRuns(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        try (var files = Files.list(OnnxProviderTest.export())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Files.write(copy.resolve(ClipOnnxManifest.TEXT_FILE), new byte[] {1}, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> new OnnxProvider().load(ModelRequest.of(copy.toString())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining(ClipOnnxManifest.TEXT_FILE)
                .hasMessageContaining("corrupt");
    }

    @Test
    void badOptionsAndDevicesAreRefusedWithTheFix() {
        String dir = OnnxProviderTest.export().toString();
        assertThatThrownBy(() -> new OnnxProvider().load(new ModelRequest(dir, null, null, Map.of("threads", "0"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("threads='0'");
        assertThatThrownBy(() -> new OnnxProvider().load(new ModelRequest(dir, null, null, Map.of("spin", "yes"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("spin='yes'");
        assertThatThrownBy(() -> new OnnxProvider().load(new ModelRequest(dir, null, dev.autodistill4j.api.model.Device.gpu(0), Map.of())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("CPU only");
        assertThatThrownBy(() -> new OnnxProvider().load(new ModelRequest(dir, null, null, Map.of("batch", "x"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("batch='x'");
        assertThatThrownBy(() -> new OnnxProvider().load(ModelRequest.of(Fixtures.resolve("clip").toString())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining(ClipOnnxManifest.FILE);
    }
}
