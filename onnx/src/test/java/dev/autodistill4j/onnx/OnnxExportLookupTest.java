package dev.autodistill4j.onnx;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ONNX export is found by lookup ({@code OnnxExport} by provider, {@code TrainerOnnxExport} by trainer), so a
 * model whose provider or trainer registers no export is refused with the names that can be exported, and
 * nothing is written.
 */
class OnnxExportLookupTest {

    @Test
    void theRegisteredProvidersAreTheExportableOnes() {
        assertThat(OnnxExports.providers()).containsExactly("metaclip", "target");
        assertThat(OnnxExports.exports("METACLIP")).isTrue();
        assertThat(OnnxExports.exports("onnx")).isFalse();
    }

    @Test
    void aProviderWithoutAnExportIsRefusedListingTheExportableOnes(@TempDir Path temp) {
        Path out = temp.resolve("out");
        assertThatThrownBy(() -> OnnxExports.export(ModelSpec.parse("onnx:/some/dir"), Precision.FP32, out))
                .isInstanceOf(Autodistill4jException.class)
                .hasMessageContaining("'onnx'")
                .hasMessageContaining("metaclip, target");
        assertThat(out).doesNotExist();
    }

    @Test
    void aTrainerWithoutAnExportIsRefusedListingTheExportableOnes(@TempDir Path temp) throws Exception {
        Path model = Files.createDirectories(temp.resolve("model"));
        byte[] weights = "not a model".getBytes(StandardCharsets.UTF_8);
        Files.write(model.resolve("w.bin"), weights);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights));
        Files.writeString(model.resolve(TargetModelDirectory.MANIFEST), "{\"format\":\""
                + TargetModelDirectory.FORMAT + "\",\"format_version\":" + TargetModelDirectory.FORMAT_VERSION
                + ",\"trainer\":\"knn\",\"classes\":[\"a\",\"b\"],\"files\":{\"w.bin\":{\"sha256\":\"" + sha
                + "\"}}}");
        Path out = temp.resolve("out");
        assertThatThrownBy(() -> OnnxExports.target(model.toString(), Precision.FP32, out))
                .isInstanceOf(Autodistill4jException.class)
                .hasMessageContaining("'knn', which has no ONNX export")
                .hasMessageContaining("cnn, linear-probe, student");
        assertThat(out).doesNotExist();
    }
}
