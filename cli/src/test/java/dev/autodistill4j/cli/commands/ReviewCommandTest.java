package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.review.Correction;
import dev.autodistill4j.datasets.review.DatasetCorrections;
import dev.autodistill4j.datasets.review.ReviewLog;
import dev.autodistill4j.datasets.review.ReviewedManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code review DATASET --undo N / --replay FILE} through the CLI, and its one-line errors. */
class ReviewCommandTest {
    @TempDir
    Path tmp;

    private Path label(Path images, String name) {
        Path out = tmp.resolve(name);
        CliRun r = CliRun.of("label", "--model", "test-colour", "--ontology", tmp.resolve("o.yaml").toString(),
                "--input", images.toString(), "--output", out.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void undoAndReplayFromTheCommandLine() throws Exception {
        Path images = tmp.resolve("images");
        for (int i = 0; i < 3; i++) {
            FrameworkCommandsTest.solid(images.resolve("red" + i + ".png"), 0xFF0000);
            FrameworkCommandsTest.solid(images.resolve("blue" + i + ".png"), 0x0000FF);
        }
        Files.writeString(tmp.resolve("o.yaml"), "red: red\nblue: blue\n");
        Path out = label(images, "out");
        Path fresh = label(images, "fresh");
        ManifestRecord red = ReviewedManifest.records(out).stream().filter(r -> "red".equals(r.className()))
                .findFirst().orElseThrow();
        new DatasetCorrections(out, "ana").apply(List.of(Correction.move(red.source(), red.sha256(), "red", "blue")));

        CliRun replay = CliRun.of("review", fresh.toString(), "--replay", ReviewLog.of(out).toString());
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        Map<String, Object> line = replay.json().get(0);
        assertThat(line).containsEntry("replayed", 1).containsEntry("corrected", 1);
        assertThat((List<Object>) line.get("skipped")).isEmpty();

        CliRun undo = CliRun.of("review", out.toString(), "--undo", "1");
        assertThat(undo.exitCode()).as(undo.toString()).isZero();
        assertThat(undo.json().get(0)).containsEntry("undone", List.of(1)).containsEntry("corrected", 0);
        assertThat(ReviewedManifest.records(out)).contains(red);
        assertThat(out.resolve(red.file())).exists();

        CliRun nothing = CliRun.of("review", out.toString(), "--undo", "1");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.errorLine()).contains("fewer than the 1 to undo");
        CliRun notOurs = CliRun.of("review", images.toString(), "--undo", "1");
        assertThat(notOurs.exitCode()).isEqualTo(2);
        assertThat(notOurs.errorLine()).contains("not an autodistill4j label output");
        CliRun both = CliRun.of("review", out.toString(), "--undo", "1", "--replay", ReviewLog.of(out).toString());
        assertThat(both.exitCode()).isEqualTo(2);
        CliRun zero = CliRun.of("review", out.toString(), "--undo", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
    }
}
