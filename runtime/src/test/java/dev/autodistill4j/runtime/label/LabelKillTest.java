package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.testing.ColourHistogramProvider;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.datasets.ClassIndex;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.datasets.ManifestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.autodistill4j.runtime.label.GeneratedImages.png;
import static dev.autodistill4j.runtime.label.GeneratedImages.solid;
import static dev.autodistill4j.runtime.label.GeneratedImages.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code kill -9}: a child JVM labels slowly, is killed (SIGKILL) part-way, and a re-run completes the
 * dataset without re-labelling or duplicating anything.
 */
class LabelKillTest {
    static final int IMAGES = 40;

    @TempDir
    Path tmp;

    /** The child process: labels {@code args[0]} into {@code args[1]} at ~40 ms per image. */
    public static void main(String[] args) {
        LabelConfig config = config(Path.of(args[0]), Path.of(args[1])).build();
        try (BaseModel slow = new ColourHistogramProvider().load(new ModelRequest(null, config.ontology(), null,
                Map.of("delayMillis", "40")))) {
            new LabelRunner(BaseModelRegistry.discover()).run(config, (ClassificationBaseModel) slow,
                    ProgressListener.NONE);
        }
    }

    static LabelConfig.Builder config(Path in, Path out) {
        return LabelConfig.builder().model("test-colour").ontology(LabelRunnerTest.ONTOLOGY).input(in).output(out)
                .batchSize(2).seed(1);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void resumesAfterSigkill() throws Exception {
        Path in = tmp.resolve("in");
        for (int i = 0; i < IMAGES; i++) {
            write(in.resolve(String.format("img%02d.png", i)), png(solid(5, 5, i % 2 == 0 ? 0xFF0000 : 0x0000FF)));
        }
        Path out = tmp.resolve("out");
        Path manifest = out.resolve(Manifest.FILE_NAME);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                LabelKillTest.class.getName(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines(manifest) < 8 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("child still working when killed; log: %s",
                    Files.exists(tmp.resolve("child.log")) ? Files.readString(tmp.resolve("child.log")) : "").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix
            child.waitFor(30, TimeUnit.SECONDS);
        }
        int survived = Manifest.read(manifest).size();
        assertThat(survived).isBetween(8, IMAGES - 1);

        LabelSummary s = new LabelRunner(BaseModelRegistry.discover()).run(config(in, out).build(), ProgressListener.NONE);
        assertThat(s.resumed()).isEqualTo(survived);
        List<ManifestRecord> records = Manifest.read(manifest);
        assertThat(records).hasSize(IMAGES);
        assertThat(records.stream().map(ManifestRecord::source).distinct().count()).isEqualTo(IMAGES);
        assertThat(records.stream().map(ManifestRecord::file).distinct().count()).isEqualTo(IMAGES);
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".json")
                            && !p.getFileName().toString().endsWith(".jsonl")
                            && !p.getFileName().toString().equals(OutputLock.FILE_NAME)
                            && !p.getFileName().toString().equals(ClassIndex.CLASSES_TXT)
                            && !p.getFileName().toString().equals(ClassIndex.DATA_YAML))
                    .count()).as("one copy per image, no temp files left").isEqualTo(IMAGES);
        }
    }

    private static long lines(Path f) throws Exception {
        if (!Files.exists(f)) {
            return 0;
        }
        try (Stream<String> s = Files.lines(f)) {
            return s.count();
        }
    }
}
