package dev.autodistill4j.onnx.engine;

import dev.autodistill4j.onnx.export.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The export cache key follows the checkpoint's bytes, its config files and the precision — nothing else. */
class ExportKeyTest {

    @Test
    void keyChangesWithTheCheckpointItsConfigAndThePrecision(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.write(a.resolve("model.safetensors"), new byte[] {1, 2, 3, 4});
        Files.writeString(a.resolve("config.json"), "{\"projection_dim\": 512}");
        ExportKey first = ExportKey.of(a, Precision.INT8);

        Path copy = Files.createDirectories(tmp.resolve("elsewhere/b"));
        Files.copy(a.resolve("model.safetensors"), copy.resolve("model.safetensors"));
        Files.copy(a.resolve("config.json"), copy.resolve("config.json"));
        assertThat(ExportKey.of(copy, Precision.INT8).id()).as("same bytes elsewhere share the export")
                .isEqualTo(first.id());
        assertThat(ExportKey.of(a.resolve("model.safetensors"), Precision.INT8).id()).as("folder or weights file")
                .isEqualTo(first.id());

        Files.write(copy.resolve("model.safetensors"), new byte[] {1, 2, 3, 5});
        ExportKey otherWeights = ExportKey.of(copy, Precision.INT8);
        assertThat(otherWeights.id()).as("another checkpoint").isNotEqualTo(first.id());
        assertThat(otherWeights.checkpointSha256()).isNotEqualTo(first.checkpointSha256());

        Files.copy(a.resolve("model.safetensors"), copy.resolve("model.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(copy.resolve("preprocessor_config.json"), "{\"crop_size\": 224}");
        assertThat(ExportKey.of(copy, Precision.INT8).id()).as("a preprocessing file changes the export")
                .isNotEqualTo(first.id());

        assertThat(ExportKey.of(a, Precision.FP32).id()).as("precision").isNotEqualTo(first.id())
                .isEqualTo(first.withPrecision(Precision.FP32).id()).startsWith("fp32-");
        assertThat(first.id()).startsWith("int8-").hasSize("int8-".length() + 32);
    }
}
