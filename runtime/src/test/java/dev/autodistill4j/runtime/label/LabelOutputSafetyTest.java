package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.datasets.OutputLockedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.autodistill4j.runtime.label.GeneratedImages.png;
import static dev.autodistill4j.runtime.label.GeneratedImages.solid;
import static dev.autodistill4j.runtime.label.GeneratedImages.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #8 items 1–3: --overwrite ownership, containment on real paths, one run per output at a time. */
class LabelOutputSafetyTest {
    @TempDir
    Path tmp;
    Path in;

    @BeforeEach
    void images() {
        in = tmp.resolve("in");
        for (int i = 0; i < 6; i++) {
            write(in.resolve("r" + i + ".png"), png(solid(8 + i, 6, LabelRunnerTest.RED)));
            write(in.resolve("b" + i + ".png"), png(solid(6, 8 + i, LabelRunnerTest.BLUE)));
        }
    }

    LabelConfig.Builder config(Path input, Path output) {
        return LabelConfig.builder().model("test-colour").ontology(LabelRunnerTest.ONTOLOGY).input(input)
                .output(output).batchSize(4).seed(3);
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void overwriteRefusesAFolderThatMerelyHoldsAManifestOrRunJson() throws Exception {
        for (String stray : List.of(Manifest.FILE_NAME, "run.json")) {
            Path photos = tmp.resolve("photos-" + stray);
            write(photos.resolve(stray), "{}\n".getBytes());
            write(photos.resolve("holiday.jpg"), new byte[] {1, 2, 3});
            write(photos.resolve("thesis/chapter1.txt"), new byte[] {4});
            assertThatThrownBy(() -> LabelRunnerTest.run(config(in, photos).overwrite(true).build()))
                    .isInstanceOf(DatasetWriteException.class).hasMessageContaining(photos.toString())
                    .hasMessageContaining("not an autodistill4j label output");
            assertThat(names(photos)).containsExactlyInAnyOrder(stray, "holiday.jpg", "thesis");
            assertThat(photos.resolve("thesis/chapter1.txt")).hasBinaryContent(new byte[] {4});
        }
    }

    @Test
    void overwriteDeletesOnlyWhatLabelCreated() throws Exception {
        Path out = tmp.resolve("out");
        LabelRunnerTest.run(config(in, out).build());
        write(out.resolve("notes.txt"), new byte[] {9});
        write(out.resolve("my-album/keep.png"), png(solid(5, 5, LabelRunnerTest.RED)));
        LabelSummary again = LabelRunnerTest.run(config(in, out).confidence(0.6).overwrite(true).build());
        assertThat(again.resumed()).isZero();
        assertThat(again.images()).isEqualTo(12);
        assertThat(out.resolve("notes.txt")).hasBinaryContent(new byte[] {9});
        assertThat(out.resolve("my-album/keep.png")).exists();
    }

    @Test
    void anInputLinkedIntoTheOutputIsRefusedBeforeAnythingIsDeleted() throws Exception {
        Path out = tmp.resolve("out");
        LabelRunnerTest.run(config(in, out).build());
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-train"), out.resolve("train"));
        long before;
        try (Stream<Path> s = Files.walk(out)) {
            before = s.count();
        }
        assertThatThrownBy(() -> LabelRunnerTest.run(config(link, out).overwrite(true).build()))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining("lies inside")
                .hasMessageContaining("nothing was changed");
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.count()).isEqualTo(before);
        }
        Path inLink = Files.createSymbolicLink(tmp.resolve("in-link"), in);
        assertThatThrownBy(() -> LabelRunnerTest.run(config(inLink, in).build()))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining("same folder");
    }

    @Test
    void anOutputReachedThroughALinkInsideTheInputIsNeverLabelledAsInput() throws Exception {
        Files.createDirectories(in.resolve("sub"));
        Path viaLink = Files.createSymbolicLink(tmp.resolve("outside"), in.resolve("sub")).resolve("labelled");
        LabelConfig c = config(in, viaLink).build();
        assertThat(LabelRunnerTest.run(c).images()).isEqualTo(12);
        LabelSummary second = LabelRunnerTest.run(c);
        assertThat(second.images()).isEqualTo(12);
        assertThat(second.resumed()).isEqualTo(12);
    }

    @Test
    void aLinkedInputIsWalkedButTheOutputInsideItIsNot() throws Exception {
        Path inputLink = Files.createSymbolicLink(tmp.resolve("in-link"), in);
        LabelConfig c = config(inputLink, in.resolve("sub/other")).build();
        assertThat(LabelRunnerTest.run(c).images()).as("a linked --input is walked").isEqualTo(12);
        assertThat(LabelRunnerTest.run(c).images()).as("the output inside it is not").isEqualTo(12);
    }

    @Test
    void aSecondRunOnTheSameOutputFailsWhileTheFirstHoldsIt() throws Exception {
        Path out = tmp.resolve("out");
        CountDownLatch inModel = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ModelRequest request = new ModelRequest(null, LabelRunnerTest.ONTOLOGY, null, Map.of());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ClassificationBaseModel slow = new GatedModel((ClassificationBaseModel)
                BaseModelRegistry.discover().load("test-colour", request), inModel, release)) {
            Future<LabelSummary> first = pool.submit(() -> new LabelRunner(BaseModelRegistry.discover())
                    .run(config(in, out).build(), slow, ProgressListener.NONE));
            assertThat(inModel.await(60, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> LabelRunnerTest.run(config(in, out).build()))
                    .isInstanceOf(OutputLockedException.class).hasMessageContaining(out.toString())
                    .hasMessageContaining("autodistill4j label pid " + ProcessHandle.current().pid());
            release.countDown();
            assertThat(first.get(60, TimeUnit.SECONDS).images()).isEqualTo(12);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        Map<String, Long> perSource = Manifest.read(out.resolve(Manifest.FILE_NAME)).stream()
                .collect(Collectors.groupingBy(ManifestRecord::source, Collectors.counting()));
        assertThat(perSource).hasSize(12).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(out.resolve(OutputLock.FILE_NAME)).exists();
        assertThat(LabelRunnerTest.run(config(in, out).build()).resumed()).isEqualTo(12);
    }
}
