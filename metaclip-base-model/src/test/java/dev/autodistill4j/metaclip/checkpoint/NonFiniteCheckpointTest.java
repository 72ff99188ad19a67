package dev.autodistill4j.metaclip.checkpoint;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.metaclip.MetaclipProvider;
import dev.autodistill4j.metaclip.model.RandomStateDict;
import dev.autodistill4j.metaclip.model.StandardArchitectures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A checkpoint whose weights hold NaN or an infinity, or whose logit_scale is absurd, is refused at load with one
 * line naming the tensor and the file — it would otherwise print "NaN" scores for every image.
 */
class NonFiniteCheckpointTest {
    @TempDir
    Path dir;

    /** A tiny random CLIP written as safetensors, with {@code value} put into {@code tensor} at one position. */
    private Path checkpoint(String tensor, float value) throws IOException {
        Path file = dir.resolve(tensor.replace('.', '_') + "-" + value + ".safetensors");
        try (StateDict source = new RandomStateDict(StandardArchitectures.tiny(), 3)) {
            return SafetensorsFiles.rewrite(source, file, (shapes, values) -> {
                float[] v = values.get(tensor);
                v[v.length / 2] = value;
            });
        }
    }

    private static BaseModel load(Path file) {
        return new MetaclipProvider().load(ModelRequest.of(file.toString()));
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTensorAndFile() throws IOException {
        String[][] cases = {
                {"vision_model.encoder.layers.1.mlp.fc1.weight", "NaN"},
                {"text_model.embeddings.token_embedding.weight", "Infinity"},
                {"text_model.encoder.layers.0.self_attn.k_proj.weight", "-Infinity"}, // fused q/k/v path
                {"visual_projection.weight", "NaN"},
        };
        for (String[] c : cases) {
            Path file = checkpoint(c[0], Float.parseFloat(c[1]));
            assertThatThrownBy(() -> load(file)).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("tensor " + c[0])
                    .hasMessageContaining(c[1]).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void absurdLogitScaleIsRefusedAndAnOrdinaryOneLoads() throws IOException {
        for (float bad : new float[] {Float.NaN, 50f, -20f}) {
            Path file = checkpoint("logit_scale", bad);
            assertThatThrownBy(() -> load(file)).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("logit_scale");
        }
        try (BaseModel ok = load(checkpoint("logit_scale", 4.6052f))) {
            assertThat(ok.info().details()).containsKey("logit_scale");
        }
    }
}
