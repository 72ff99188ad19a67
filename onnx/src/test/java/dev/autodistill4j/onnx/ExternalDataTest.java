package dev.autodistill4j.onnx;

import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.onnx.export.ClipOnnxExporter;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.onnx.graph.OnnxFileWriter;
import dev.autodistill4j.onnx.runtime.OnnxClipNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models over 2 GiB keep their weights in {@code <model>.onnx.data}: the same path exercised on the tiny
 * fixture with a 1 KiB threshold — the data files exist, are listed with their hashes, run in ONNX Runtime
 * with the same results as inline weights, and pass onnx.checker.
 */
class ExternalDataTest {

    @Test
    void externalWeightsGiveTheSameEmbeddingsAsInlineOnes(@TempDir Path tmp) throws Exception {
        Path inline = Files.createDirectories(tmp.resolve("inline"));
        Path external = Files.createDirectories(tmp.resolve("external"));
        Path checkpoint = Fixtures.resolve("clip/tiny-clip");
        new ClipOnnxExporter(Precision.FP32).export(checkpoint, "tiny", null, inline);
        new ClipOnnxExporter(Precision.FP32, new OnnxFileWriter(1024)).export(checkpoint, "tiny", null, external);

        for (String model : new String[] {ClipOnnxManifest.IMAGE_FILE, ClipOnnxManifest.TEXT_FILE}) {
            assertThat(external.resolve(model + ".data")).isRegularFile();
            assertThat(Files.size(external.resolve(model))).as("graph without weights")
                    .isLessThan(Files.size(inline.resolve(model)) / 4);
            assertThat(inline.resolve(model + ".data")).doesNotExist();
        }
        ClipOnnxDirectory ext = ClipOnnxDirectory.open(external);
        assertThat(ext.manifest().path("files").has(ClipOnnxManifest.IMAGE_FILE + ".data")).isTrue();
        try (Golden golden = new Golden();
             OnnxClipNetwork a = OnnxProvider.network(ClipOnnxDirectory.open(inline), 1);
             OnnxClipNetwork b = OnnxProvider.network(ext, 1)) {
            float[] pixels = golden.pixels64();
            int n = golden.images.size();
            float[][] ia = a.encodeImages(pixels, n);
            float[][] ib = b.encodeImages(pixels, n);
            for (int i = 0; i < n; i++) {
                assertThat(ib[i]).containsExactly(ia[i]);
            }
            float[][] ta = a.encodeTexts(golden.ids);
            float[][] tb = b.encodeTexts(golden.ids);
            for (int i = 0; i < ta.length; i++) {
                assertThat(tb[i]).containsExactly(ta[i]);
            }
        }
        OnnxChecker.check(external.resolve(ClipOnnxManifest.IMAGE_FILE));
    }
}
