package dev.autodistill4j.metaclip.hub;

import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubDownloaderTest {
    @TempDir
    Path cache;
    private FakeHub hub;
    private Path hfFixture;

    @BeforeEach
    void start() throws IOException {
        hfFixture = Fixtures.resolve("clip/tiny-clip");
        hub = new FakeHub();
        hub.repos.put("facebook/metaclip-b32-400m", new FakeHub.Repo(hfFixture, FakeHub.Mode.NORMAL));
        hub.repos.put("test/corrupt", new FakeHub.Repo(hfFixture, FakeHub.Mode.CORRUPT));
        hub.repos.put("test/flaky", new FakeHub.Repo(hfFixture, FakeHub.Mode.DROP_FIRST));
        hub.repos.put("test/binonly", new FakeHub.Repo(Fixtures.resolve("clip/tiny-clip-bin"), FakeHub.Mode.NORMAL));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubDownloader downloader(boolean offline) {
        return new HubDownloader(new HubSettings(hub.endpoint(), cache, offline, null));
    }

    @Test
    void downloadsTheDefaultModelVerifiesItAndServesItFromTheCacheAfterwards() throws IOException {
        Path folder = ModelReferences.resolve("metaclip", downloader(false));
        assertThat(folder).isEqualTo(cache.resolve("hub/facebook--metaclip-b32-400m/main"));
        for (String f : new String[]{"config.json", "preprocessor_config.json", "vocab.json", "merges.txt",
                "model.safetensors"}) {
            assertThat(Files.mismatch(folder.resolve(f), hfFixture.resolve(f))).as(f).isEqualTo(-1);
        }
        assertThat(hub.requests).contains("GET /lfs/facebook/metaclip-b32-400m/model.safetensors",
                "HEAD /facebook/metaclip-b32-400m/resolve/main/config.json");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".incomplete"));
        }
        try (ClipCheckpoint cp = ClipCheckpointLoader.load(folder)) {
            assertThat(cp.config().projectionDim()).isEqualTo(32);
        }
        int before = hub.requests.size();
        assertThat(ModelReferences.resolve("b32-400m", downloader(false))).isEqualTo(folder);
        assertThat(ModelReferences.resolve("metaclip-b32-400m", downloader(true))).isEqualTo(folder);
        assertThat(hub.requests).hasSize(before);
    }

    @Test
    void concurrentFetchesOfOneRepoDownloadEachFileOnce() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<Path>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> downloader(false).fetch("facebook/metaclip-b32-400m", "main",
                        dev.autodistill4j.api.progress.ProgressListener.NONE)));
            }
            for (java.util.concurrent.Future<Path> r : results) {
                assertThat(r.get()).isEqualTo(cache.resolve("hub/facebook--metaclip-b32-400m/main"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(hub.requests.stream().filter(r -> r.equals("GET /lfs/facebook/metaclip-b32-400m/model.safetensors")))
                .hasSize(1);
    }

    @Test
    void aCorruptedDownloadIsRejectedAndNotKept() {
        assertThatThrownBy(() -> ModelReferences.resolve("hf:test/corrupt", downloader(false)))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("sha256")
                .hasMessageContaining("corrupted");
        Path folder = cache.resolve("hub/test--corrupt/main");
        assertThat(folder.resolve("model.safetensors")).doesNotExist();
        assertThat(folder.resolve("model.safetensors.incomplete")).doesNotExist();
        assertThat(folder.resolve("config.json")).exists(); // what verified is kept
    }

    @Test
    void aDroppedConnectionResumesWithARangeRequest() throws IOException {
        java.util.List<long[]> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.autodistill4j.api.progress.ProgressListener progress = (task, done, total) -> {
            if (task.equals("download model.safetensors")) {
                reports.add(new long[]{done, total});
            }
        };
        Path folder = downloader(false).fetch("test/flaky", "v1.0", progress);
        assertThat(folder).isEqualTo(cache.resolve("hub/test--flaky/v1.0"));
        assertThat(Files.mismatch(folder.resolve("model.safetensors"), hfFixture.resolve("model.safetensors")))
                .isEqualTo(-1);
        long third = Files.size(hfFixture.resolve("model.safetensors")) / 3;
        assertThat(hub.requests).contains("HEAD /test/flaky/resolve/v1.0/model.safetensors");
        // the retry asks only for what is missing: a Range starting after the bytes that arrived (≤ a third)
        String prefix = "GET /lfs/test/flaky/model.safetensors bytes=";
        assertThat(hub.requests.stream().filter(r -> r.startsWith(prefix))
                .map(r -> Long.parseLong(r.substring(prefix.length(), r.length() - 1))))
                .singleElement().satisfies(from -> assertThat(from).isPositive().isLessThanOrEqualTo(third));
        long size = Files.size(hfFixture.resolve("model.safetensors"));
        assertThat(reports).isNotEmpty().allSatisfy(r -> assertThat(r[1]).isEqualTo(size));
        assertThat(reports.get(reports.size() - 1)[0]).isEqualTo(size);
    }

    @Test
    void followsARenamedRepositoryAndStillVerifies() throws IOException {
        hub.renamed.put("old/tiny", "facebook/metaclip-b32-400m");
        Path folder = ModelReferences.resolve("hf:old/tiny", downloader(false));
        assertThat(Files.mismatch(folder.resolve("model.safetensors"), hfFixture.resolve("model.safetensors")))
                .isEqualTo(-1);
        assertThat(hub.requests).contains("HEAD /old/tiny/resolve/main/model.safetensors",
                "HEAD /facebook/metaclip-b32-400m/resolve/main/model.safetensors");
    }

    @Test
    void fallsBackToPytorchModelBinWhenTheRepoHasNoSafetensors() {
        Path folder = ModelReferences.resolve("hf:test/binonly", downloader(false));
        assertThat(folder.resolve("pytorch_model.bin")).exists();
        assertThat(folder.resolve("model.safetensors")).doesNotExist();
        try (ClipCheckpoint cp = ClipCheckpointLoader.load(folder)) {
            assertThat(cp.source().getFileName().toString()).isEqualTo("pytorch_model.bin");
        }
    }

    @Test
    void takesTheOriginalOpenClipBinWhenARepoHasNothingElse() throws IOException {
        // like facebook/metaclip-l14-400m: config.json + metaclip_l14_400m.bin (OpenAI names) only
        Path repo = Files.createDirectories(cache.resolve("served"));
        Files.copy(hfFixture.resolve("config.json"), repo.resolve("config.json"));
        Files.copy(Fixtures.resolve("clip/tiny-clip-openclip/epoch_1.pt"), repo.resolve("metaclip_tiny_400m.bin"));
        hub.repos.put("facebook/metaclip-tiny-400m", new FakeHub.Repo(repo, FakeHub.Mode.NORMAL));
        Path folder = ModelReferences.resolve("hf:facebook/metaclip-tiny-400m", downloader(false));
        assertThat(hub.requests).contains("HEAD /facebook/metaclip-tiny-400m/resolve/main/model.safetensors",
                "HEAD /facebook/metaclip-tiny-400m/resolve/main/pytorch_model.bin",
                "GET /lfs/facebook/metaclip-tiny-400m/metaclip_tiny_400m.bin");
        try (ClipCheckpoint cp = ClipCheckpointLoader.load(folder);
             ClipCheckpoint reference = ClipCheckpointLoader.load(hfFixture)) {
            assertThat(cp.source().getFileName().toString()).isEqualTo("metaclip_tiny_400m.bin");
            assertThat(cp.config()).isEqualTo(reference.config());
            assertThat(cp.weights().floats("visual_projection.weight"))
                    .isEqualTo(reference.weights().floats("visual_projection.weight"));
        }
        int before = hub.requests.size();
        assertThat(ModelReferences.resolve("hf:facebook/metaclip-tiny-400m", downloader(true))).isEqualTo(folder);
        assertThat(hub.requests).hasSize(before);
    }

    @Test
    void offlineWithoutCacheSaysWhatToPlaceWhere() {
        assertThatThrownBy(() -> ModelReferences.resolve("l14-fullcc2.5b", downloader(true)))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("offline")
                .hasMessageContaining("facebook/metaclip-l14-fullcc2.5b")
                .hasMessageContaining(cache.resolve("hub/facebook--metaclip-l14-fullcc2.5b/main").toString())
                .hasMessageContaining("config.json").hasMessageContaining("model.safetensors");
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void anUnreachableHubSaysWhatToPlaceWhere() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HubDownloader d = new HubDownloader(new HubSettings(URI.create("http://127.0.0.1:" + port), cache, false, null));
        assertThatThrownBy(() -> ModelReferences.resolve("hf:facebook/metaclip-b16-400m", d))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("cannot reach http://127.0.0.1:" + port)
                .hasMessageContaining(cache.resolve("hub/facebook--metaclip-b16-400m/main").toString())
                .hasMessageContaining("vocab.json");
    }

    @Test
    void localPathsAndBadReferences() {
        assertThat(ModelReferences.resolve(hfFixture.toString(), downloader(true))).isEqualTo(hfFixture.toAbsolutePath());
        assertThatThrownBy(() -> ModelReferences.resolve("no-such-model", downloader(true)))
                .isInstanceOf(HubException.class).hasMessageContaining("unknown model reference 'no-such-model'")
                .hasMessageContaining("h14-fullcc2.5b");
        assertThatThrownBy(() -> ModelReferences.resolve("hf:../../etc", downloader(true)))
                .isInstanceOf(HubException.class).hasMessageContaining("not a Hugging Face repository id");
        assertThat(ModelReferences.resolve("file:" + hfFixture, downloader(true))).isEqualTo(hfFixture.toAbsolutePath());
        // a bare org/repo that is not a local path goes to the hub (here: offline, so the cache-miss message)
        assertThatThrownBy(() -> ModelReferences.resolve("facebook/metaclip-b16-400m", downloader(true)))
                .isInstanceOf(HubException.class).hasMessageContaining("offline")
                .hasMessageContaining("facebook--metaclip-b16-400m");
        // 7 MetaCLIP 1 aliases + 8 MetaCLIP 2 worldwide ones (mc2-*)
        assertThat(ModelReferences.aliases()).containsEntry("h14-fullcc2.5b", "facebook/metaclip-h14-fullcc2.5b")
                .containsEntry("mc2-h14", "facebook/metaclip-2-worldwide-huge-quickgelu").hasSize(15);
        assertThat(ModelReferences.LICENSE).isEqualTo("CC-BY-NC-4.0");
    }
}
