package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.autodistill4j.runtime.label.GeneratedImages.png;
import static dev.autodistill4j.runtime.label.GeneratedImages.solid;
import static dev.autodistill4j.runtime.label.GeneratedImages.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8 item 6, proven in child JVMs with small heaps: large legal images are labelled, not recorded as
 * "unreadable" because too many were decoded at once; an image that cannot be decoded even alone is left
 * unrecorded and labelled by the next run with more memory.
 */
class LabelLargeImagesTest {
    @TempDir
    Path tmp;

    public static void main(String[] args) {
        LabelSummary s = new LabelRunner(BaseModelRegistry.discover()).run(LabelConfig.builder().model("test-colour")
                .ontology(LabelRunnerTest.ONTOLOGY).input(Path.of(args[0])).output(Path.of(args[1]))
                .batchSize(Integer.parseInt(args[2])).decodeThreads(4).build(), ProgressListener.NONE);
        System.out.println("images " + s.images() + " labelled " + s.labelled() + " failed " + s.failed()
                + " resumed " + s.resumed());
    }

    static String child(Path log, String heap, Path in, Path out, int batch) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                LabelLargeImagesTest.class.getName(), in.toString(), out.toString(), String.valueOf(batch))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            p.destroyForcibly();
        }
        assertThat(exited).isTrue();
        String text = Files.readString(log);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void twelveLargePngsInOneBatchAreAllLabelledUnderASmallHeap() throws Exception {
        Path in = tmp.resolve("in");
        byte[] red = png(solid(3000, 3000, LabelRunnerTest.RED));   // 9 MP: ~36 MB as RGB ints, a few KB on disk
        byte[] blue = png(solid(3000, 3000, LabelRunnerTest.BLUE));
        for (int i = 0; i < 12; i++) {
            write(in.resolve("big" + i + ".png"), i % 2 == 0 ? red : blue);
        }
        Path out = tmp.resolve("out");
        String log = child(tmp.resolve("child.log"), "-Xmx320m", in, out, 12);
        assertThat(log).contains("images 12 labelled 12 failed 0");
        List<ManifestRecord> records = Manifest.read(out.resolve(Manifest.FILE_NAME));
        assertThat(records).hasSize(12).noneMatch(ManifestRecord::isError);
    }

    @Test
    void anImageThatRunsOutOfMemoryIsNeverRecordedAndTheNextRunLabelsIt() throws Exception {
        Path in = tmp.resolve("in");
        write(in.resolve("huge.png"), png(solid(4000, 4000, LabelRunnerTest.RED))); // 64 MB of ints alone
        write(in.resolve("small.png"), png(solid(20, 20, LabelRunnerTest.BLUE)));
        Path out = tmp.resolve("out");
        String first = child(tmp.resolve("first.log"), "-Xmx48m", in, out, 2);
        assertThat(first).contains("images 2 labelled 1 failed 1");
        assertThat(Manifest.read(out.resolve(Manifest.FILE_NAME))).singleElement()
                .satisfies(r -> assertThat(r.source()).endsWith("small.png"));
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"incomplete\"");

        String second = child(tmp.resolve("second.log"), "-Xmx512m", in, out, 2);
        assertThat(second).contains("images 2 labelled 2 failed 0 resumed 1");
        assertThat(Manifest.read(out.resolve(Manifest.FILE_NAME))).hasSize(2).noneMatch(ManifestRecord::isError);
    }
}
