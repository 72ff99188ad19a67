package dev.autodistill4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelRunner;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.cli.Main;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.spark.job.FailureInjection;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The label job against the single-machine {@code label}: for the shapes fixture (its trained CLIP, its held-out
 * images plus awkward files), the same seed and threshold, the Spark dataset equals the local one — classes,
 * splits, file names, sha256, confidences and scores within 1e-5, run.json's settings — also when a task's
 * first attempt fails halfway (no duplicate, no missing image).
 */
class SparkLabelFixtureTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static ShapesInput shapes;
    static Path local;

    @BeforeAll
    static void labelLocally() throws IOException {
        shapes = ShapesInput.create(tmp);
        local = tmp.resolve("local");
        LabelConfig config = LabelConfig.builder().model(shapes.modelSpec()).ontologyFile(shapes.ontology)
                .input(shapes.input).output(local).confidence(0.3).seed(7).batchSize(8).build();
        new LabelRunner(BaseModelRegistry.discover()).run(config, ProgressListener.NONE);
        spark = SparkSessions.local2();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void sparkDatasetEqualsTheLocalOne() throws IOException {
        Path out = tmp.resolve("spark");
        String summary = labelOnSpark(out);
        assertThat(summary).contains("\"images\":" + shapes.images);
        assertSameDataset(out);
    }

    @Test
    void aFailedFirstAttemptLeavesNoDuplicateAndNoGap() throws Exception {
        AtomicInteger failures = SparkSessions.countFailedTasks(spark);
        spark.conf().set(FailureInjection.SETTING, "1");
        try {
            labelOnSpark(tmp.resolve("spark-retried"));
        } finally {
            spark.conf().unset(FailureInjection.SETTING);
        }
        assertThat(SparkSessions.awaitPositive(failures)).as("the injected failure happened").isPositive();
        assertSameDataset(tmp.resolve("spark-retried"));
    }

    private static String labelOnSpark(Path out) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        int code = cl.execute("spark", "label", "--model", shapes.modelSpec(), "--ontology", shapes.ontology.toString(),
                "--input", shapes.input.toString(), "--output", out.toString(), "--confidence", "0.3", "--seed", "7",
                "--batch", "8", "--partitions", "4");
        assertThat(code).as(stderr.toString()).isZero();
        return stdout.toString();
    }

    private static void assertSameDataset(Path out) throws IOException {
        Map<String, ManifestRecord> want = bySource(Manifest.read(local.resolve(Manifest.FILE_NAME)));
        List<ManifestRecord> gotList = Manifest.read(out.resolve(Manifest.FILE_NAME));
        Map<String, ManifestRecord> got = bySource(gotList);
        assertThat(gotList).as("one record per image, no duplicates").hasSize(shapes.images);
        assertThat(got.keySet()).isEqualTo(want.keySet());
        // order: Spark lists records in walk order; the local runner writes a batch's unreadable images first
        assertThat(gotList.stream().map(ManifestRecord::source).toList()).as("walk order").isSorted();
        for (ManifestRecord w : want.values()) {
            ManifestRecord g = got.get(w.source());
            assertThat(g.className()).as(w.source()).isEqualTo(w.className());
            assertThat(g.split()).as(w.source()).isEqualTo(w.split());
            assertThat(g.sha256()).as(w.source()).isEqualTo(w.sha256());
            assertThat(g.file()).as(w.source()).isEqualTo(w.file());
            assertThat(g.isError()).as(w.source()).isEqualTo(w.isError());
            if (!w.isError()) {
                assertThat(g.confidence()).as(w.source()).isCloseTo(w.confidence(), within(1e-5));
                assertThat(g.scores().keySet()).containsExactlyElementsOf(w.scores().keySet());
                w.scores().forEach((k, v) -> assertThat(g.scores().get(k)).as(w.source() + " " + k)
                        .isCloseTo(v, within(1e-5)));
            }
        }
        assertThat(want.values()).as("the fixture exercises errors, unlabeled and renamed files")
                .anyMatch(ManifestRecord::isError).anyMatch(r -> r.file() != null && r.file().endsWith("-2.png"));
        // both hold the whole-run lock file (its content names the command that held it); it is not dataset content
        Map<String, Long> localFiles = new TreeMap<>(files(local));
        Map<String, Long> sparkFiles = new TreeMap<>(files(out));
        assertThat(localFiles.remove(OutputLock.FILE_NAME)).isNotNull();
        assertThat(sparkFiles.remove(OutputLock.FILE_NAME)).isNotNull();
        assertThat(sparkFiles).isEqualTo(localFiles);
        assertThat(runJson(out).get("tool")).as("the same dataset: resumable by the local label")
                .isEqualTo(runJson(local).get("tool"));
        Map<String, Object> wantRun = runJson(local);
        Map<String, Object> gotRun = runJson(out);
        for (String key : List.of("model", "checkpointSha256", "modelOptions", "ontology", "classFolders",
                "confidence", "split", "seed", "input", "output", "status")) {
            if (!key.equals("output")) {
                assertThat(gotRun.get(key)).as(key).isEqualTo(wantRun.get(key));
            }
        }
        assertThat(gotRun.get("output")).isEqualTo(out.toString());
        assertThat(((Map<?, ?>) gotRun.get("summary")).get("images")).isEqualTo(shapes.images);
    }

    private static Map<String, ManifestRecord> bySource(List<ManifestRecord> records) {
        return records.stream().collect(Collectors.toMap(ManifestRecord::source, Function.identity(), (a, b) -> a,
                TreeMap::new));
    }

    /** Every file of the dataset with its size, manifest and run.json aside. */
    private static Map<String, Long> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(Manifest.FILE_NAME)
                            && !p.getFileName().toString().equals("run.json"))
                    .collect(Collectors.toMap(p -> root.relativize(p).toString(), p -> p.toFile().length(),
                            (a, b) -> a, TreeMap::new));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> runJson(Path root) throws IOException {
        return new ObjectMapper().readValue(root.resolve("run.json").toFile(), Map.class);
    }
}
