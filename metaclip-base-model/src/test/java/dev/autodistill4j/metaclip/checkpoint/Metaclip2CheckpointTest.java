package dev.autodistill4j.metaclip.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MetaCLIP 2 checkpoints: recognised by {@code model_type}, by {@code architectures} or by their layout;
 * sharded copies load to the same tensors; unsupported families (mT5 tokenizer, unknown model_type) and
 * preprocessing this project does not reproduce are refused with one message naming the file.
 */
class Metaclip2CheckpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A copy of the fixture folder (links to the read-only files) whose config.json can be edited. */
    private Path copyOfFixture(java.util.function.Consumer<ObjectNode> editConfig) throws IOException {
        Path src = Fixtures.resolve("metaclip2");
        Path dir = Files.createDirectories(tmp.resolve("mc2-" + System.nanoTime()));
        for (String f : List.of("model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "special_tokens_map.json", "preprocessor_config.json")) {
            Files.createSymbolicLink(dir.resolve(f), src.resolve(f));
        }
        ObjectNode config = (ObjectNode) JSON.readTree(src.resolve("config.json").toFile());
        editConfig.accept(config);
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        return dir;
    }

    @Test
    void recognisedByModelTypeArchitecturesOrLayout() throws IOException {
        Path byType = copyOfFixture(c -> { });
        Path byArchitecture = copyOfFixture(c -> c.remove("model_type"));
        Path byLayout = copyOfFixture(c -> {
            c.remove("model_type");
            c.remove("architectures");
        });
        for (Path dir : List.of(byType, byArchitecture, byLayout)) {
            try (ClipCheckpoint cp = ClipCheckpointLoader.load(dir)) {
                assertThat(cp.config().family()).as(dir.toString()).isEqualTo(ModelFamily.METACLIP_2);
                assertThat(cp.config().text().eosTokenId()).isEqualTo(2); // no CLIP legacy rewrite to vocab - 1
                assertThat(cp.tokenizerJson()).isEqualTo(dir.resolve("tokenizer.json"));
                assertThat(cp.preprocess().resize()).isEqualTo(PreprocessorConfig.Resize.EXACT);
            }
        }
    }

    @Test
    void clipCheckpointsStayClip() {
        try (ClipCheckpoint cp = ClipCheckpointLoader.load(Fixtures.resolve("clip/tiny-clip"))) {
            assertThat(cp.config().family()).isEqualTo(ModelFamily.CLIP);
            assertThat(cp.config().text().eosTokenId()).isEqualTo(49407);
            assertThat(cp.tokenizerJson()).isNull();
            assertThat(cp.preprocess().resize()).isEqualTo(PreprocessorConfig.Resize.SHORTEST_EDGE);
        }
    }

    @Test
    void unknownModelTypesAndMt5TokenizersAreRefused() throws IOException {
        Path siglip = copyOfFixture(c -> c.put("model_type", "siglip"));
        assertThatThrownBy(() -> ClipCheckpointLoader.load(siglip)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'siglip'").hasMessageContaining("clip, metaclip_2")
                .hasMessageContaining(siglip.toString());
        Path mt5 = copyOfFixture(c -> { });
        Files.delete(mt5.resolve("tokenizer_config.json"));
        Files.writeString(mt5.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"T5Tokenizer\"}");
        assertThatThrownBy(() -> ClipCheckpointLoader.load(mt5)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("mT5").hasMessageContaining("metaclip-2-worldwide");
        Path noConfig = copyOfFixture(c -> { });
        Files.delete(noConfig.resolve("config.json"));
        assertThatThrownBy(() -> ClipCheckpointLoader.load(noConfig)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("no config.json");
        Path noTokenizer = copyOfFixture(c -> { });
        Files.delete(noTokenizer.resolve("tokenizer.json"));
        assertThatThrownBy(() -> ClipCheckpointLoader.load(noTokenizer)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("without tokenizer.json");
    }

    @Test
    void preprocessingThatIsNotReproducedIsRefused() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"resample\": 2}", "resample");
        cases.put("{\"do_rescale\": false}", "do_rescale");
        cases.put("{\"rescale_factor\": 0.5}", "rescale_factor");
        cases.put("{\"do_resize\": false}", "do_resize");
        cases.put("{\"size\": {\"shortest_edge\": 32}, \"do_center_crop\": false}", "do_center_crop");
        cases.put("{\"image_std\": [0, 1, 1]}", "image_std");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = Files.writeString(tmp.resolve("pre-" + c.getValue() + ".json"), c.getKey());
            assertThatThrownBy(() -> ConfigFiles.readPreprocessor(f, 32)).as(c.getKey())
                    .isInstanceOf(CheckpointException.class).hasMessageContaining(c.getValue())
                    .hasMessageContaining(f.toString());
        }
        Path squash = Files.writeString(tmp.resolve("squash.json"), """
                {"size": {"height": 40, "width": 24}, "do_center_crop": false, "do_normalize": false}""");
        PreprocessorConfig p = ConfigFiles.readPreprocessor(squash, 32);
        assertThat(p.resize()).isEqualTo(PreprocessorConfig.Resize.EXACT);
        assertThat(new int[]{p.resizeHeight(), p.resizeWidth(), p.cropHeight(), p.cropWidth()})
                .containsExactly(40, 24, 40, 24);
        assertThat(p.mean()).containsExactly(0f, 0f, 0f);
        assertThat(p.std()).containsExactly(1f, 1f, 1f);
    }

    @Test
    void aShardedCopyLoadsToTheSameTensorsAndIsChecked() throws IOException {
        Path src = Fixtures.resolve("metaclip2");
        Path dir = copyOfFixture(c -> { });
        Files.delete(dir.resolve("model.safetensors"));
        Map<String, String> weightMap = Metaclip2Shards.write(src.resolve("model.safetensors"), dir);
        try (StateDict whole = SafetensorsReader.open(src.resolve("model.safetensors"))) {
            List<String> names = new ArrayList<>(whole.names());
            try (ClipCheckpoint cp = ClipCheckpointLoader.load(dir)) {
                assertThat(cp.source().getFileName().toString()).isEqualTo("model.safetensors.index.json");
                assertThat(cp.weights().names()).containsExactlyInAnyOrderElementsOf(whole.names());
                assertThat(cp.weights().readsRanges()).isTrue();
                for (String n : names) {
                    assertThat(cp.weights().floats(n)).as(n).containsExactly(whole.floats(n));
                }
                assertThat(cp.sha256()).hasSize(64);
            }
        }
        // a missing shard, a shard that lacks its tensors, and a hostile shard path are refused
        Files.move(dir.resolve("model-00002-of-00002.safetensors"), dir.resolve("elsewhere.safetensors"));
        assertThatThrownBy(() -> ClipCheckpointLoader.load(dir)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model-00002-of-00002.safetensors").hasMessageContaining("missing");
        Files.copy(dir.resolve("model-00001-of-00002.safetensors"), dir.resolve("model-00002-of-00002.safetensors"));
        assertThatThrownBy(() -> ClipCheckpointLoader.load(dir)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("does not hold it");
        weightMap.replaceAll((k, v) -> "../" + v);
        JSON.writeValue(dir.resolve("model.safetensors.index.json").toFile(), Map.of("weight_map", weightMap));
        assertThatThrownBy(() -> ClipCheckpointLoader.load(dir)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("not a file name");
    }
}
