package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.datasets.OutputLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #8 items 1 and 3 at the command line: one {@code error:} line, exit 2, the user's files untouched. */
class DataSafetyCommandsTest {
    @TempDir
    Path tmp;
    Path images;
    Path ontology;

    @BeforeEach
    void setUp() throws Exception {
        images = tmp.resolve("images");
        for (int i = 0; i < 2; i++) {
            FrameworkCommandsTest.solid(images.resolve("red" + i + ".png"), 0xFF0000);
            FrameworkCommandsTest.solid(images.resolve("blue" + i + ".png"), 0x0000FF);
        }
        ontology = tmp.resolve("ontology.yaml");
        Files.writeString(ontology, "a red square: red\nblue: blue\n");
    }

    CliRun label(Path out, String... extra) {
        String[] base = {"label", "--model", "test-colour", "--ontology", ontology.toString(), "--input",
                images.toString(), "--output", out.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void overwriteOfAFolderThatIsNotALabelOutputIsRefused() throws Exception {
        Path photos = tmp.resolve("photos");
        Files.createDirectories(photos);
        Files.writeString(photos.resolve("manifest.jsonl"), "{}\n");
        Files.writeString(photos.resolve("family.jpg"), "precious");
        CliRun r = label(photos, "--overwrite");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(photos.toString()).doesNotContain("\tat ");
        assertThat(photos.resolve("family.jpg")).hasContent("precious");
    }

    @Test
    // the try-with-resources holds a lock/lease/poller for the block and never reads it
    @SuppressWarnings("try")
    void aSecondLabelOrIndexOnALockedFolderExitsTwoNamingTheHolder() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path index = Files.createDirectories(tmp.resolve("index"));
        try (OutputLock a = OutputLock.acquire(out, "first label"); OutputLock b = OutputLock.acquire(index, "x")) {
            CliRun r = label(out);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: ").contains("in use").contains("first label pid")
                    .doesNotContain("\tat ");
            CliRun i = CliRun.of("index", "--model", "test-colour", "--images", images.toString(), "--index",
                    index.toString());
            assertThat(i.exitCode()).as(i.err()).isEqualTo(2);
            assertThat(i.err()).contains("in use").doesNotContain("\tat ");
        }
        assertThat(label(out).exitCode()).isZero();
    }
}
