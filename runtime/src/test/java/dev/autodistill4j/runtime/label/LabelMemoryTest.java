package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.datasets.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.autodistill4j.runtime.label.GeneratedImages.png;
import static dev.autodistill4j.runtime.label.GeneratedImages.solid;
import static dev.autodistill4j.runtime.label.GeneratedImages.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaming, proven by memory rather than by reading the code: a child JVM with a 40 MB heap labels 400
 * images of 256×256 — 100 MB of decoded pixels in all — which only works if decoded batches are released.
 */
class LabelMemoryTest {
    static final int IMAGES = 400;

    @TempDir
    Path tmp;

    public static void main(String[] args) {
        LabelSummary s = new LabelRunner(BaseModelRegistry.discover()).run(LabelConfig.builder().model("test-colour")
                .ontology(LabelRunnerTest.ONTOLOGY).input(Path.of(args[0])).output(Path.of(args[1])).batchSize(4)
                .build(), ProgressListener.NONE);
        System.out.println("labelled " + s.images());
    }

    @Test
    void decodedImagesAreNotRetained() throws Exception {
        Path in = tmp.resolve("in");
        byte[] red = png(solid(256, 256, 0xFF0000));
        byte[] blue = png(solid(256, 256, 0x0000FF));
        for (int i = 0; i < IMAGES; i++) {
            write(in.resolve(String.format("d%d/img%03d.png", i % 7, i)), i % 2 == 0 ? red : blue);
        }
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx40m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "-Djava.awt.headless=true", LabelMemoryTest.class.getName(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = child.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly();
        }
        assertThat(exited).isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("labelled " + IMAGES);
        assertThat(Manifest.read(out.resolve(Manifest.FILE_NAME))).hasSize(IMAGES);
    }
}
