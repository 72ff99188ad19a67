package dev.autodistill4j.runtime.label;

import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.autodistill4j.runtime.label.GeneratedImages.png;
import static dev.autodistill4j.runtime.label.GeneratedImages.solid;
import static dev.autodistill4j.runtime.label.GeneratedImages.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Issue #8 items 4 and 5 end to end: very long names and names that are not UTF-8 are labelled and resumed. */
class LabelRunnerNamesTest {
    @TempDir
    Path tmp;

    LabelConfig config(Path in) {
        return LabelConfig.builder().model("test-colour").ontology(LabelRunnerTest.ONTOLOGY).input(in)
                .output(tmp.resolve("out")).batchSize(2).seed(1).build();
    }

    @Test
    void inputsWithNamesOfTwoHundredAndMoreBytesAreLabelledAndResumed() throws Exception {
        Path in = tmp.resolve("in");
        String stem = "holiday-".repeat(30); // 240 bytes
        write(in.resolve(stem + "1.png"), png(solid(9, 9, LabelRunnerTest.RED)));
        write(in.resolve(stem + "2.png"), png(solid(8, 9, LabelRunnerTest.RED)));
        write(in.resolve("é".repeat(105) + ".PNG"), png(solid(9, 8, LabelRunnerTest.BLUE)));
        LabelSummary s = LabelRunnerTest.run(config(in));
        assertThat(s.failed()).isZero();
        assertThat(s.labelled()).isEqualTo(3);
        List<ManifestRecord> records = Manifest.read(tmp.resolve("out").resolve(Manifest.FILE_NAME));
        assertThat(records).extracting(ManifestRecord::file).doesNotHaveDuplicates().allSatisfy(f -> {
            String name = f.substring(f.lastIndexOf('/') + 1);
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
            assertThat(name).endsWithIgnoringCase(".png");
            assertThat(tmp.resolve("out").resolve(f)).exists();
        });
        assertThat(LabelRunnerTest.run(config(in)).resumed()).isEqualTo(3);
    }

    @Test
    void namesDifferingOnlyInBytesThatAreNotUtf8StayDistinctAndResume() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path red = write(tmp.resolve("red.png"), png(solid(9, 9, LabelRunnerTest.RED)));
        Path blue = write(tmp.resolve("blue.png"), png(solid(9, 9, LabelRunnerTest.BLUE)));
        assumeThat(rawCopy(red, in, "p\\377.png") && rawCopy(blue, in, "p\\376.png"))
                .as("the file system accepts names that are not UTF-8").isTrue();
        LabelSummary s = LabelRunnerTest.run(config(in));
        assertThat(s.images()).isEqualTo(2);
        assertThat(s.perClass()).containsEntry("red", 1).containsEntry("blue", 1);
        List<ManifestRecord> records = Manifest.read(tmp.resolve("out").resolve(Manifest.FILE_NAME));
        assertThat(records).extracting(ManifestRecord::source).doesNotHaveDuplicates()
                .allSatisfy(src -> assertThat(src).matches(".*/p\uFFFDF[EF]\\.png"));
        LabelSummary again = LabelRunnerTest.run(config(in));
        assertThat(again.resumed()).isEqualTo(2);
        assertThat(again.images()).isEqualTo(2);
    }

    /** Issue #19 item 6: a backslash, a newline or a CR in a name is part of the name, and the manifest says so. */
    @Test
    void namesWithBackslashesAndLineBreaksAreListedAsTheFilesThatExist() throws Exception {
        assumeThat(tmp.getFileSystem().getSeparator()).isEqualTo("/");
        Path in = tmp.resolve("in");
        write(in.resolve("back\\slash.png"), png(solid(9, 9, LabelRunnerTest.RED)));
        write(in.resolve("b\\..\\..\\up.png"), png(solid(9, 8, LabelRunnerTest.RED)));
        write(in.resolve("line\nbreak\r.png"), png(solid(8, 9, LabelRunnerTest.BLUE)));
        LabelSummary s = LabelRunnerTest.run(config(in));
        assertThat(s.failed()).isZero();
        assertThat(s.labelled()).isEqualTo(3);
        List<ManifestRecord> records = Manifest.read(tmp.resolve("out").resolve(Manifest.FILE_NAME));
        assertThat(records).extracting(ManifestRecord::file).allSatisfy(f ->
                assertThat(tmp.resolve("out").resolve(f)).as(f).isRegularFile())
                .anySatisfy(f -> assertThat(f).endsWith("/back\\slash.png"))
                .anySatisfy(f -> assertThat(f).endsWith("/b\\..\\..\\up.png"));
        assertThat(tmp.resolve("out/train/red/back")).doesNotExist();
        assertThat(LabelRunnerTest.run(config(in)).resumed()).isEqualTo(3);
    }

    /** Java cannot spell a name that is not valid in sun.jnu.encoding; the shell's printf can. */
    static boolean rawCopy(Path content, Path dir, String printfName) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "cp \"$1\" \"$2/$(printf '" + printfName + "')\"", "sh",
                content.toString(), dir.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
