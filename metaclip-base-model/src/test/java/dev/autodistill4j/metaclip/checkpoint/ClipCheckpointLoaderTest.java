package dev.autodistill4j.metaclip.checkpoint;

import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipCheckpointLoaderTest {
    @TempDir
    Path dir;

    @Test
    void huggingFaceFolderLoadsWithItsConfigAndTokenizer() {
        Path folder = Fixtures.resolve("clip/tiny-clip");
        try (ClipCheckpoint cp = ClipCheckpointLoader.load(folder)) {
            assertThat(cp.source()).isEqualTo(folder.resolve("model.safetensors").toAbsolutePath().normalize());
            assertThat(cp.sha256()).hasSize(64).isEqualTo(ClipCheckpointLoader.sha256(cp.source()));
            ClipConfig c = cp.config();
            assertThat(c.projectionDim()).isEqualTo(32);
            assertThat(c.vision()).isEqualTo(new ClipConfig.Vision(64, 16, 128, 512, 2, 2, 1e-5,
                    ClipConfig.Activation.QUICK_GELU));
            assertThat(c.text()).isEqualTo(new ClipConfig.Text(77, 49408, 64, 256, 2, 4, 1e-5,
                    ClipConfig.Activation.QUICK_GELU, 49406, 49407));
            assertThat(cp.preprocess().shortestEdge()).isEqualTo(64);
            assertThat(cp.preprocess().cropHeight()).isEqualTo(64);
            assertThat(cp.preprocess().mean()).containsExactly(PreprocessorConfig.clipMean());
            assertThat(cp.vocabJson()).isEqualTo(folder.resolve("vocab.json").toAbsolutePath().normalize());
            assertThat(cp.mergesTxt()).isNotNull();
            assertThat(cp.weights().names()).containsAll(ClipTensorLayout.expected(c).keySet());
        }
    }

    @Test
    void allThreeLayoutsGiveIdenticalTensors() {
        try (ClipCheckpoint hf = ClipCheckpointLoader.load(Fixtures.resolve("clip/tiny-clip"));
             ClipCheckpoint bin = ClipCheckpointLoader.load(Fixtures.resolve("clip/tiny-clip-bin"));
             ClipCheckpoint oc = ClipCheckpointLoader.load(Fixtures.resolve("clip/tiny-clip-openclip"))) {
            assertThat(bin.source().getFileName().toString()).isEqualTo("pytorch_model.bin");
            assertThat(oc.source().getFileName().toString()).isEqualTo("epoch_1.pt");
            assertThat(bin.config()).isEqualTo(hf.config());
            assertThat(oc.config()).isEqualTo(hf.config());
            assertThat(oc.vocabJson()).isNull();
            assertThat(oc.mergesTxt()).isNull();
            assertThat(oc.preprocess().shortestEdge()).isEqualTo(64);
            int compared = 0;
            for (String name : ClipTensorLayout.expected(hf.config()).keySet()) {
                float[] expected = hf.weights().floats(name);
                assertThat(bin.weights().info(name).shape()).as(name).containsExactly(hf.weights().info(name).shape());
                assertThat(oc.weights().info(name).shape()).as(name).containsExactly(hf.weights().info(name).shape());
                assertSame("bin " + name, bin.weights().floats(name), expected);
                assertSame("openclip " + name, oc.weights().floats(name), expected);
                compared++;
            }
            assertThat(compared).isEqualTo(78);
            // the .bin carries int64 position_ids buffers; they are read but not required
            assertThat(bin.weights().names()).contains("text_model.embeddings.position_ids");
            float[] ids = bin.weights().floats("text_model.embeddings.position_ids");
            assertThat(ids).hasSize(77);
            assertThat(ids[76]).isEqualTo(76f);
        }
    }

    /** Bit-exact comparison that names the first differing element (AssertJ's diff is quadratic on big arrays). */
    static void assertSame(String what, float[] actual, float[] expected) {
        assertThat(actual.length).as(what + " length").isEqualTo(expected.length);
        int mismatch = java.util.Arrays.mismatch(actual, expected);
        assertThat(mismatch).as(what + " first differing element " + mismatch
                + (mismatch >= 0 ? ": " + actual[mismatch] + " vs " + expected[mismatch] : "")).isEqualTo(-1);
    }

    @Test
    void inferenceWithoutConfigMatchesTheConfigExceptWhatShapesCannotShow() throws IOException {
        Path lone = Files.createSymbolicLink(dir.resolve("epoch_1.pt"),
                Fixtures.resolve("clip/tiny-clip-openclip/epoch_1.pt").toAbsolutePath());
        try (ClipCheckpoint inferred = ClipCheckpointLoader.load(lone);
             ClipCheckpoint configured = ClipCheckpointLoader.load(Fixtures.resolve("clip/tiny-clip"))) {
            ClipConfig a = inferred.config();
            ClipConfig b = configured.config();
            assertThat(a.vision()).isEqualTo(b.vision()); // 128 wide → 2 heads = 128 / 64, as configured
            assertThat(a.projectionDim()).isEqualTo(b.projectionDim());
            // attention heads are invisible in shapes: width / 64 is OpenAI's rule; this fixture's text tower uses 4
            assertThat(a.text().heads()).isEqualTo(1);
            assertThat(new ClipConfig.Text(a.text().contextLength(), a.text().vocabSize(), a.text().width(),
                    a.text().intermediateSize(), a.text().layers(), b.text().heads(), a.text().layerNormEps(),
                    a.text().activation(), a.text().bosTokenId(), a.text().eosTokenId())).isEqualTo(b.text());
            assertThat(inferred.preprocess().cropWidth()).isEqualTo(64);
            assertThat(inferred.preprocess().std()).containsExactly(PreprocessorConfig.clipStd());
        }
        // and from Hugging Face-named weights with no config.json
        Path hfLone = Files.createSymbolicLink(dir.resolve("model.safetensors"),
                Fixtures.resolve("clip/tiny-clip/model.safetensors").toAbsolutePath());
        try (ClipCheckpoint inferred = ClipCheckpointLoader.load(hfLone)) {
            assertThat(inferred.config().vision()).isEqualTo(new ClipConfig.Vision(64, 16, 128, 512, 2, 2, 1e-5,
                    ClipConfig.Activation.QUICK_GELU));
            assertThat(inferred.config().text().vocabSize()).isEqualTo(49408);
            assertThat(inferred.config().text().eosTokenId()).isEqualTo(49407);
        }
    }

    @Test
    void wrongShapesMissingAndExtraTensorsAreAllReported() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("broken"));
        for (String f : new String[]{"config.json", "preprocessor_config.json"}) {
            Files.copy(Fixtures.resolve("clip/tiny-clip/" + f), folder.resolve(f));
        }
        try (StateDict source = SafetensorsReader.open(Fixtures.resolve("clip/tiny-clip/model.safetensors"))) {
            SafetensorsFiles.rewrite(source, folder.resolve("model.safetensors"), (shapes, values) -> {
                shapes.put("visual_projection.weight", new long[]{16, 128});
                values.put("visual_projection.weight", new float[16 * 128]);
                shapes.remove("text_model.final_layer_norm.bias");
                shapes.put("surprise.weight", new long[]{2});
                values.put("surprise.weight", new float[2]);
            });
        }
        assertThatThrownBy(() -> ClipCheckpointLoader.load(folder))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(folder.resolve("model.safetensors").toString())
                .hasMessageContaining("3 problem(s)")
                .hasMessageContaining("wrong shape visual_projection.weight: expected [32, 128], found [16, 128]")
                .hasMessageContaining("missing text_model.final_layer_norm.bias (expected [64])")
                .hasMessageContaining("unexpected surprise.weight [2]");
    }

    @Test
    void folderWithoutWeightsIsRefused() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("empty"));
        Files.copy(Fixtures.resolve("clip/tiny-clip/config.json"), folder.resolve("config.json"));
        assertThatThrownBy(() -> ClipCheckpointLoader.load(folder))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("no weights found in " + folder)
                .hasMessageContaining("model.safetensors");
        assertThatThrownBy(() -> ClipCheckpointLoader.load(dir.resolve("nope")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("does not exist");
    }
}
