package dev.autodistill4j.runtime.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.DatasetReader;
import dev.autodistill4j.datasets.DatasetStats;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.OutputLockedException;
import dev.autodistill4j.datasets.Sha256;
import dev.autodistill4j.datasets.review.Correction;
import dev.autodistill4j.datasets.review.CorrectionResult;
import dev.autodistill4j.datasets.review.DatasetCorrections;
import dev.autodistill4j.datasets.review.ReviewLog;
import dev.autodistill4j.datasets.review.ReviewRecord;
import dev.autodistill4j.datasets.review.ReviewedManifest;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Corrections of a real {@code label} output (test-colour model): exactly one file moved and one record per
 * correction, compare-and-set between tabs, the lock against a running {@code label}, what resume, stats and
 * readers see, undo and replay reproducing the dataset, and a correction a killed process left half done.
 */
class ReviewCorrectionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path in;

    @BeforeEach
    void images() {
        in = tmp.resolve("in");
        for (int i = 0; i < 6; i++) {
            GeneratedImages.write(in.resolve("reds/r" + i + ".png"), GeneratedImages.png(
                    GeneratedImages.solid(8 + i, 6, LabelRunnerTest.RED)));
            GeneratedImages.write(in.resolve("blues/b" + i + ".png"), GeneratedImages.png(
                    GeneratedImages.solid(10, 10 + i, LabelRunnerTest.BLUE)));
        }
        for (int i = 0; i < 2; i++) {
            GeneratedImages.write(in.resolve("whites/w" + i + ".png"), GeneratedImages.png(
                    GeneratedImages.solid(4 + i, 4, LabelRunnerTest.WHITE)));
        }
    }

    private Path label(String name) {
        Path out = tmp.resolve(name);
        LabelRunnerTest.run(config(out).build());
        return out;
    }

    private LabelConfig.Builder config(Path out) {
        return LabelConfig.builder().model("test-colour").ontology(LabelRunnerTest.ONTOLOGY).input(in).output(out)
                .batchSize(4).seed(7);
    }

    /** Relative path → sha256 of every image file in the dataset's own folders. */
    static Map<String, String> tree(Path out) throws Exception {
        Map<String, String> files = new TreeMap<>();
        for (String top : List.of("train", "valid", "test", "unlabeled")) {
            if (Files.isDirectory(out.resolve(top))) {
                try (Stream<Path> s = Files.walk(out.resolve(top))) {
                    for (Path p : s.filter(Files::isRegularFile).toList()) {
                        files.put(out.relativize(p).toString(), Sha256.of(p));
                    }
                }
            }
        }
        return files;
    }

    private static ManifestRecord first(Path out, String cls) {
        return ReviewedManifest.records(out).stream().filter(r -> cls == null ? r.isUnlabeled()
                : cls.equals(r.className())).findFirst().orElseThrow();
    }

    private static List<String> logLines(Path out) throws Exception {
        Path log = ReviewLog.of(out);
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void aCorrectionMovesExactlyOneFileAndAppendsOneRecord() throws Exception {
        Path out = label("out");
        Map<String, String> before = tree(out);
        ManifestRecord red = first(out, "red");
        List<CorrectionResult> results = new DatasetCorrections(out, "ana").apply(List.of(
                Correction.move(red.source(), red.sha256(), "red", "blue")));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(CorrectionResult.Status.APPLIED);
            assertThat(r.file()).isEqualTo(red.file().replace("/red/", "/blue/"));
        });
        Map<String, String> after = tree(out);
        Map<String, String> gone = new TreeMap<>(before);
        after.keySet().forEach(gone::remove);
        Map<String, String> added = new TreeMap<>(after);
        before.keySet().forEach(added::remove);
        assertThat(gone).containsOnlyKeys(red.file());
        assertThat(added).containsOnly(Map.entry(results.get(0).file(), red.sha256()));

        List<String> lines = logLines(out);
        assertThat(lines).hasSize(1);
        JsonNode rec = JSON.readTree(lines.get(0));
        assertThat(rec.get("who").asText()).isEqualTo("ana");
        assertThat(rec.get("when").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(rec.get("action").asText()).isEqualTo("move");
        assertThat(rec.get("from").asText()).isEqualTo("red");
        assertThat(rec.get("to").asText()).isEqualTo("blue");
        assertThat(rec.get("sha256").asText()).isEqualTo(red.sha256());
        JsonNode review = JSON.readTree(out.resolve("run.json").toFile()).get("review");
        assertThat(review.get("records").asInt()).isEqualTo(1);
        assertThat(review.get("corrected").asInt()).isEqualTo(1);
        assertThat(review.get("reviewers").toString()).isEqualTo("[\"ana\"]");
    }

    @Test
    void twoTabsCorrectingTheSameImageDoNotDoubleMoveIt() throws Exception {
        Path out = label("out");
        ManifestRecord red = first(out, "red");
        Map<String, String> before = tree(out);
        DatasetCorrections server = new DatasetCorrections(out, "ana");
        // both tabs saw the image as red; they race from two threads
        ExecutorService tabs = Executors.newFixedThreadPool(2);
        try {
            Future<List<CorrectionResult>> a = tabs.submit(() -> server.apply(List.of(
                    Correction.move(red.source(), red.sha256(), "red", "blue"))));
            Future<List<CorrectionResult>> b = tabs.submit(() -> server.apply(List.of(
                    Correction.move(red.source(), red.sha256(), "red", null))));
            List<CorrectionResult.Status> statuses = List.of(a.get(60, TimeUnit.SECONDS).get(0).status(),
                    b.get(60, TimeUnit.SECONDS).get(0).status());
            assertThat(statuses).containsExactlyInAnyOrder(CorrectionResult.Status.APPLIED,
                    CorrectionResult.Status.CONFLICT);
        } finally {
            tabs.shutdownNow();
        }
        // a stale third tab, and a second server instance on the same dataset, are refused the same way
        CorrectionResult stale = new DatasetCorrections(out, "bob").apply(List.of(
                Correction.move(red.source(), red.sha256(), "red", "green"))).get(0);
        assertThat(stale.status()).isEqualTo(CorrectionResult.Status.CONFLICT);
        assertThat(stale.message()).contains("another tab or person");
        assertThat(logLines(out)).hasSize(1);
        Map<String, String> after = tree(out);
        assertThat(after).hasSameSizeAs(before);
        assertThat(after.values().stream().filter(red.sha256()::equals).count()).isEqualTo(1);
    }

    @Test
    void aCorrectionWhileLabelRunsIsRefusedWithTheHolderNamed() throws Exception {
        Path out = label("out");
        ManifestRecord red = first(out, "red");
        GeneratedImages.write(in.resolve("reds/late.png"), GeneratedImages.png(GeneratedImages.solid(30, 3,
                LabelRunnerTest.RED)));
        CountDownLatch inModel = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ModelRequest request = new ModelRequest(null, LabelRunnerTest.ONTOLOGY, null, Map.of());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ClassificationBaseModel slow = new GatedModel((ClassificationBaseModel)
                BaseModelRegistry.discover().load("test-colour", request), inModel, release)) {
            Future<LabelSummary> resume = pool.submit(() -> new LabelRunner(BaseModelRegistry.discover())
                    .run(config(out).build(), slow, ProgressListener.NONE));
            assertThat(inModel.await(60, TimeUnit.SECONDS)).isTrue();
            Map<String, String> during = tree(out);
            assertThatThrownBy(() -> new DatasetCorrections(out, "ana").apply(List.of(
                    Correction.move(red.source(), red.sha256(), "red", "blue"))))
                    .isInstanceOf(OutputLockedException.class)
                    .hasMessageContaining("autodistill4j label pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("nothing was changed");
            assertThatThrownBy(() -> new DatasetCorrections(out, "ana").undo(1))
                    .isInstanceOf(OutputLockedException.class);
            assertThat(tree(out)).isEqualTo(during);
            assertThat(ReviewLog.of(out)).doesNotExist();
            release.countDown();
            assertThat(resume.get(60, TimeUnit.SECONDS).images()).isEqualTo(15);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(new DatasetCorrections(out, "ana").apply(List.of(
                Correction.move(red.source(), red.sha256(), "red", "blue"))).get(0).status())
                .isEqualTo(CorrectionResult.Status.APPLIED);
    }

    @Test
    void labelResumeStatsAndReadersSeeTheCorrectedClasses() throws Exception {
        Path out = label("out");
        ManifestRecord red = first(out, "red");
        ManifestRecord white = first(out, null);
        DatasetStats statsBefore = DatasetStats.of(out);
        List<CorrectionResult> r = new DatasetCorrections(out, "ana").apply(List.of(
                Correction.move(red.source(), red.sha256(), "red", "blue"),
                Correction.move(white.source(), white.sha256(), null, "green")));
        assertThat(r).allSatisfy(x -> assertThat(x.status()).isEqualTo(CorrectionResult.Status.APPLIED));
        assertThat(r.get(1).file()).matches("(train|valid|test)/green/w\\d\\.png");

        DatasetStats stats = DatasetStats.of(out);
        assertThat(stats.perClass().get("red")).isEqualTo(statsBefore.perClass().get("red") - 1);
        assertThat(stats.perClass().get("blue")).isEqualTo(statsBefore.perClass().get("blue") + 1);
        assertThat(stats.perClass().get("green")).isEqualTo(1);
        assertThat(stats.unlabeled()).isEqualTo(statsBefore.unlabeled() - 1);
        Map<String, String> trainerView = DatasetReader.read(out).items().values().stream().flatMap(List::stream).collect(Collectors.toMap(
                i -> out.relativize(i.image()).toString(), DatasetItem::label));
        assertThat(trainerView).containsEntry(r.get(0).file(), "blue").containsEntry(r.get(1).file(), "green")
                .doesNotContainKey(red.file());

        Map<String, String> corrected = tree(out);
        LabelSummary resumed = LabelRunnerTest.run(config(out).build());
        assertThat(resumed.resumed()).isEqualTo(14);
        assertThat(resumed.perClass()).containsEntry("green", 1);
        assertThat(tree(out)).as("resume moves and copies nothing").isEqualTo(corrected);
        JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
        assertThat(run.get("review").get("corrected").asInt()).as("resume keeps the review record").isEqualTo(2);
        assertThat(run.get("status").asText()).isEqualTo("complete");
    }

    @Test
    void undoAndReplayReproduceTheSameDataset() throws Exception {
        Path out = label("out");
        Map<String, String> labelled = tree(out);
        List<ManifestRecord> labelledRecords = ReviewedManifest.records(out);
        Path fresh = label("fresh");
        assertThat(tree(fresh)).isEqualTo(labelled);

        DatasetCorrections corrections = new DatasetCorrections(out, "ana");
        ManifestRecord red = first(out, "red");
        ManifestRecord blue = first(out, "blue");
        ManifestRecord white = first(out, null);
        corrections.apply(List.of(Correction.move(red.source(), red.sha256(), "red", "blue"),
                Correction.move(blue.source(), blue.sha256(), "blue", null),
                Correction.move(white.source(), white.sha256(), null, "red")));
        corrections.apply(List.of(Correction.move(red.source(), red.sha256(), "blue", "green")));
        ManifestRecord otherRed = ReviewedManifest.records(out).stream()
                .filter(x -> "red".equals(x.className()) && !x.source().equals(white.source())).findFirst().orElseThrow();
        corrections.apply(List.of(Correction.accept(otherRed.source(), otherRed.sha256(), "red")));
        assertThat(corrections.undo(1)).singleElement().satisfies(u -> assertThat(u.undoes()).isEqualTo(5));
        Map<String, String> reviewed = tree(out);
        List<ManifestRecord> reviewedRecords = ReviewedManifest.records(out);

        DatasetCorrections.ReplayResult replay = new DatasetCorrections(fresh, "bob").replay(ReviewLog.of(out));
        assertThat(replay.skipped()).isEmpty();
        assertThat(replay.applied()).hasSize(6);
        assertThat(tree(fresh)).as("replay onto a fresh label output gives the same files").isEqualTo(reviewed);
        assertThat(ReviewedManifest.records(fresh)).isEqualTo(reviewedRecords);
        assertThat(ReviewedManifest.read(fresh).log()).extracting(ReviewRecord::who).containsOnly("ana");

        List<ReviewRecord> undone = corrections.undo(3);
        assertThat(undone).extracting(ReviewRecord::undoes).containsExactly(4L, 3L, 2L);
        assertThat(corrections.undo(1)).singleElement().satisfies(u -> assertThat(u.undoes()).isEqualTo(1));
        assertThat(tree(out)).as("undoing every decision restores the labelled dataset").isEqualTo(labelled);
        assertThat(ReviewedManifest.records(out)).isEqualTo(labelledRecords);
        assertThatThrownBy(() -> corrections.undo(1)).hasMessageContaining("fewer than the 1 to undo");
        assertThat(logLines(out)).as("append-only: undo adds records").hasSize(10);
    }

    @Test
    void aMoveThatAKilledProcessLeftUndoneIsCompletedAndATornLineIsIgnored() throws Exception {
        Path out = label("out");
        ManifestRecord red = first(out, "red");
        CorrectionResult r = new DatasetCorrections(out, "ana").apply(List.of(
                Correction.move(red.source(), red.sha256(), "red", "blue"))).get(0);
        // as if killed after the log was forced to disk but before the rename
        Files.move(out.resolve(r.file()), out.resolve(red.file()));
        Files.writeString(ReviewLog.of(out), "{\"seq\":2,\"who\":\"torn", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertThat(ReviewedManifest.read(out).log()).hasSize(1);
        assertThat(DatasetCorrections.recover(out)).isEqualTo(1);
        assertThat(out.resolve(r.file())).exists();
        assertThat(out.resolve(red.file())).doesNotExist();
        // the next correction cuts the torn line off before appending
        ManifestRecord blue = first(out, "blue");
        new DatasetCorrections(out, "ana").apply(List.of(Correction.accept(blue.source(), blue.sha256(), "blue")));
        assertThat(logLines(out)).hasSize(2).allSatisfy(l -> assertThat(JSON.readTree(l).get("seq")).isNotNull());
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        Path out = label("out");
        ManifestRecord red = first(out, "red");
        Map<String, String> before = tree(out);
        List<CorrectionResult> r = new DatasetCorrections(out, "ana").apply(List.of(
                Correction.move(red.source(), red.sha256(), "red", "purple"),
                Correction.move("/no/such/source.png", "00", "red", "blue"),
                Correction.move(red.source(), red.sha256(), "red", "blue")));
        assertThat(r).extracting(CorrectionResult::status).containsExactly(CorrectionResult.Status.REFUSED,
                CorrectionResult.Status.REFUSED, CorrectionResult.Status.REFUSED);
        assertThat(r.get(2).message()).contains("twice in one request");
        assertThat(new DatasetCorrections(out, "ana").apply(List.of(Correction.move(red.source(), red.sha256(),
                "red", "red"))).get(0).status()).isEqualTo(CorrectionResult.Status.UNCHANGED);
        Files.write(out.resolve(red.file()), new byte[] {1, 2, 3});
        CorrectionResult changed = new DatasetCorrections(out, "ana").apply(List.of(
                Correction.move(red.source(), red.sha256(), "red", "blue"))).get(0);
        assertThat(changed.status()).isEqualTo(CorrectionResult.Status.REFUSED);
        assertThat(changed.message()).contains("changed since it was labelled");
        assertThat(tree(out).keySet()).isEqualTo(before.keySet());
        assertThat(ReviewLog.of(out)).doesNotExist();
        assertThatThrownBy(() -> new DatasetCorrections(in, "ana")).hasMessageContaining("not an autodistill4j label output");
    }

    @Test
    void overwriteKeepsThePreviousReviewLogForReplay() throws Exception {
        Path out = label("out");
        ManifestRecord red = first(out, "red");
        new DatasetCorrections(out, "ana").apply(List.of(Correction.move(red.source(), red.sha256(), "red", "blue")));
        Map<String, String> reviewed = tree(out);
        LabelRunnerTest.run(config(out).overwrite(true).build());
        assertThat(ReviewLog.of(out)).doesNotExist();
        List<Path> kept;
        try (Stream<Path> s = Files.list(out)) {
            kept = s.filter(p -> p.getFileName().toString().startsWith("reviews.before-overwrite-")).toList();
        }
        assertThat(kept).hasSize(1);
        assertThat(new DatasetCorrections(out, "ana").replay(kept.get(0)).applied()).hasSize(1);
        assertThat(tree(out)).isEqualTo(reviewed);
        assertThat(new ArrayList<>(logLines(out))).hasSize(1);
    }
}
