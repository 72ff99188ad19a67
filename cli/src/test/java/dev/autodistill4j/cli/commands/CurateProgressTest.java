package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code curate} and {@code dataset balance} report through the framework's {@code ProgressListener}, and the
 * console renders it on stderr as before: both curation passes in MiB of the texts read, balance in images.
 */
class CurateProgressTest {
    @TempDir
    Path tmp;

    @Test
    void curatePrintsBothPassesInMibOnStderr() {
        Path fx = Fixtures.resolve("curation");
        CliRun run = CliRun.of("curate", "--metadata", fx.resolve("metadata.json").toString(), "--texts",
                fx.resolve("texts.jsonl").toString(), "--t", "20", "--out", tmp.resolve("out").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err().lines()).anyMatch(l -> l.matches("curate: match [0-9.]+/[0-9.]+ MiB \\(100\\.0%\\).* "
                + "done in [0-9:]+"));
        assertThat(run.err().lines()).anyMatch(l -> l.matches("curate: sample [0-9.]+/[0-9.]+ MiB \\(100\\.0%\\).* "
                + "done in [0-9:]+"));
    }

    @Test
    void balancePrintsImagesOnStderr() throws IOException {
        Path src = tmp.resolve("ds");
        for (int i = 0; i < 12; i++) {
            Path f = src.resolve("train/" + (i % 3 == 0 ? "dog" : "cat")).resolve("img" + i + ".png");
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[] {(byte) i});
        }
        CliRun run = CliRun.of("dataset", "balance", src.toString(), "--t", "4", "--out", tmp.resolve("b").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err().lines()).anyMatch(l -> l.matches("balance 12/12 \\(100\\.0%\\).* done in [0-9:]+"));
    }
}
