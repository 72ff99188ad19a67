package dev.autodistill4j.metaclip.hub;

import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.Metaclip2Shards;
import dev.autodistill4j.metaclip.checkpoint.ModelFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MetaCLIP 2 references: aliases name the real worldwide repositories; a sharded repository with its tokenizer
 * files downloads completely (index last) and loads; mT5 repositories are refused before any request.
 */
class Metaclip2HubTest {
    @TempDir
    Path cache;
    private FakeHub hub;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubDownloader downloader(boolean offline) {
        return new HubDownloader(new HubSettings(hub.endpoint(), cache, offline, null));
    }

    @Test
    void aliasesNameTheWorldwideRepositories() {
        assertThat(ModelReferences.repoOf("mc2-b32")).isEqualTo("facebook/metaclip-2-worldwide-b32");
        assertThat(ModelReferences.repoOf("mc2-h14")).isEqualTo("facebook/metaclip-2-worldwide-huge-quickgelu");
        assertThat(ModelReferences.repoOf("mc2-h14-378")).isEqualTo("facebook/metaclip-2-worldwide-huge-378");
        assertThat(ModelReferences.repoOf("mc2-bigg14")).isEqualTo("facebook/metaclip-2-worldwide-giant");
        assertThat(ModelReferences.repoOf("metaclip-2-worldwide-l14")).isEqualTo("facebook/metaclip-2-worldwide-l14");
        assertThat(ModelReferences.aliases().keySet()).contains("mc2-s16", "mc2-m16", "mc2-b16", "mc2-l14",
                "b32-400m");
    }

    @Test
    void aShardedWorldwideRepositoryDownloadsWithItsTokenizerAndLoads() throws IOException {
        Path src = Fixtures.resolve("metaclip2");
        Path served = Files.createDirectories(cache.resolve("served"));
        for (String f : List.of("config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json",
                "special_tokens_map.json")) {
            Files.copy(src.resolve(f), served.resolve(f));
        }
        Metaclip2Shards.write(src.resolve("model.safetensors"), served);
        hub.repos.put("facebook/metaclip-2-worldwide-b32", new FakeHub.Repo(served, FakeHub.Mode.NORMAL));
        Path folder = ModelReferences.resolve("mc2-b32", downloader(false));
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "model.safetensors.index.json",
                Metaclip2Shards.FIRST, Metaclip2Shards.SECOND)) {
            assertThat(Files.mismatch(folder.resolve(f), served.resolve(f))).as(f).isEqualTo(-1);
        }
        try (ClipCheckpoint cp = ClipCheckpointLoader.load(folder)) {
            assertThat(cp.config().family()).isEqualTo(ModelFamily.METACLIP_2);
            assertThat(cp.weights().names()).hasSize(78);
        }
        int before = hub.requests.size();
        assertThat(ModelReferences.resolve("hf:facebook/metaclip-2-worldwide-b32", downloader(true)))
                .isEqualTo(folder);
        assertThat(hub.requests).hasSize(before);
    }

    @Test
    void hostileShardNamesAreRefused() throws IOException {
        Path served = Files.createDirectories(cache.resolve("evil"));
        Files.copy(Fixtures.resolve("metaclip2/config.json"), served.resolve("config.json"));
        Files.writeString(served.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"logit_scale\": \"../../escape.safetensors\"}}");
        hub.repos.put("evil/repo", new FakeHub.Repo(served, FakeHub.Mode.NORMAL));
        assertThatThrownBy(() -> ModelReferences.resolve("hf:evil/repo", downloader(false)))
                .isInstanceOf(HubException.class).hasMessageContaining("not a plain file name");
        assertThat(hub.requests).noneMatch(r -> r.contains("escape"));
    }

    @Test
    void mt5RepositoriesAreRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> ModelReferences.resolve("hf:facebook/metaclip-2-mt5-worldwide-b32",
                downloader(false))).isInstanceOf(HubException.class).hasMessageContaining("not supported")
                .hasMessageContaining("mc2-b32");
        assertThat(hub.requests).isEmpty();
    }
}
