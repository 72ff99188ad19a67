package dev.autodistill4j.spark;

import dev.autodistill4j.datasets.LabelOutputFolder;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void theLocalLabelResumesASparkDatasetWithoutLabellingAgain() throws Exception {
        Path out = tmp.resolve("spark-resumed");
        labelOnSpark(out);
        assertThat(runJson(out).get("tool")).isEqualTo(LabelOutputFolder.SPARK_TOOL);
        List<ManifestRecord> before = Manifest.read(out.resolve(Manifest.FILE_NAME));
        LabelConfig config = LabelConfig.builder().model(shapes.modelSpec()).ontologyFile(shapes.ontology)
                .input(shapes.input).output(out).confidence(0.3).seed(7).batchSize(8).build();
        new LabelRunner(BaseModelRegistry.discover()).run(config, ProgressListener.NONE);
        List<ManifestRecord> after = Manifest.read(out.resolve(Manifest.FILE_NAME));
        assertThat(after).as("nothing labelled twice").hasSize(before.size());
        assertThat(runJson(out)).containsKey("resumedAt").containsEntry("status", "complete");
    }

    @Test
    void aJobThatFailsLeavesRunJsonFailedNotRunning() throws Exception {
        Path out = tmp.resolve("spark-failed");
        spark.conf().set(FailureInjection.SETTING, "0!");
        try {
            assertThat(labelOnSpark(out, 2)).isEmpty();
        } finally {
            spark.conf().unset(FailureInjection.SETTING);
        }
        assertThat(runJson(out)).containsEntry("status", "failed").containsKey("error").containsKey("finished");
    }

    private static String labelOnSpark(Path out) {
        return labelOnSpark(out, 0);
    }

    private static String labelOnSpark(Path out, int exitCode) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        int code = cl.execute("spark", "label", "--model", shapes.modelSpec(), "--ontology", shapes.ontology.toString(),
                "--input", shapes.input.toString(), "--output", out.toString(), "--confidence", "0.3", "--seed", "7",
                "--batch", "8", "--partitions", "4");
        assertThat(code).as(stderr.toString()).isEqualTo(exitCode);
        return stdout.toString();
    }

    private static void assertSameDataset(Path out) throws IOException {
        SameDataset.assertSame(local, out, shapes.images);
    }

    private static Map<String, Object> runJson(Path root) throws IOException {
        return SameDataset.runJson(root);
    }
}
