package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.datasets.OutputLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8 items 1 and 3, and issue #19 items 1, 3, 4 and 7, at the command line: one {@code error:} line, exit 2,
 * the user's files untouched; locks and outputs never followed through a link, owned means listed, and
 * {@code curate}/{@code label-regions} take the output lock.
 */
class DataSafetyCommandsTest {
    @TempDir
    Path tmp;
    Path images;
    Path ontology;
    Path victim;

    @BeforeEach
    void setUp() throws Exception {
        images = tmp.resolve("images");
        for (int i = 0; i < 2; i++) {
            FrameworkCommandsTest.solid(images.resolve("red" + i + ".png"), 0xFF0000);
            FrameworkCommandsTest.solid(images.resolve("blue" + i + ".png"), 0x0000FF);
        }
        ontology = tmp.resolve("ontology.yaml");
        Files.writeString(ontology, "a red square: red\nblue: blue\n");
        victim = Files.writeString(tmp.resolve("victim.txt"), "precious");
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

    CliRun labelRegions(Path boxes, Path out, String... extra) {
        String[] base = {"label-regions", "--model", "test-colour", "--ontology", ontology.toString(), "--images",
                images.toString(), "--boxes", boxes.toString(), "--output", out.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    /** YOLO boxes covering each whole image. */
    Path boxes() throws Exception {
        Path labels = Files.createDirectories(tmp.resolve("boxes"));
        try (Stream<Path> s = Files.list(images)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                Files.writeString(labels.resolve(n.replace(".png", ".txt")), "0 0.5 0.5 1 1\n");
            }
        }
        return labels;
    }

    static void refused(CliRun r, Path named) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith("error: "))).as(r.err()).singleElement()
                .asString().contains(named.toString());
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void item1ALinkedLockIsNeverFollowedAndAFolderHoldingOnlyOneIsNotEmpty() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path lock = Files.createSymbolicLink(out.resolve(OutputLock.FILE_NAME), victim);
        CliRun r = label(out);
        refused(r, out);
        assertThat(victim).hasContent("precious");
        assertThat(out.resolve("run.json")).doesNotExist();

        Path index = Files.createDirectories(tmp.resolve("index"));
        Path outside = tmp.resolve("created-outside.txt");
        Files.createSymbolicLink(index.resolve(OutputLock.FILE_NAME), outside);
        CliRun i = CliRun.of("index", "--model", "test-colour", "--images", images.toString(), "--index",
                index.toString());
        refused(i, index);
        assertThat(outside).as("a dangling link creates nothing outside").doesNotExist();
        assertThat(lock).isSymbolicLink();
    }

    @Test
    void item3LabelRegionsOverwriteNeverDeletesThroughALinkedLabelsFolder() throws Exception {
        Path boxes = boxes();
        Path out = tmp.resolve("regions");
        CliRun first = labelRegions(boxes, out);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Path elsewhere = tmp.resolve("elsewhere");
        Files.move(out.resolve("labels"), elsewhere);
        Files.createSymbolicLink(out.resolve("labels"), elsewhere);
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertThat(s.count()).isEqualTo(4);
        }
        CliRun again = labelRegions(boxes, out, "--overwrite");
        refused(again, out.resolve("labels"));
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertThat(s.count()).as("the link's target keeps every file").isEqualTo(4);
        }
    }

    @Test
    void item4LabelOverwriteKeepsAFileTheUserAddedToAClassFolder() throws Exception {
        Path out = tmp.resolve("ds");
        assertThat(label(out).exitCode()).isZero();
        Path classFolder;
        try (Stream<Path> s = Files.list(out.resolve("train"))) {
            classFolder = s.findFirst().orElseThrow();
        }
        Path mine = Files.writeString(classFolder.resolve("my-own-photo.png"), "mine");
        CliRun r = label(out, "--overwrite");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(mine).hasContent("mine");
    }

    @Test
    // the try-with-resources holds the lock for the block and never reads it
    @SuppressWarnings("try")
    void item7CurateAndLabelRegionsTakeTheOutputLock() throws Exception {
        Path meta = Files.writeString(tmp.resolve("m.json"), "[\"cat\"]");
        Path texts = Files.writeString(tmp.resolve("t.jsonl"), "{\"id\": 0, \"text\": \"a cat\"}\n");
        Path curated = Files.createDirectories(tmp.resolve("curated"));
        Path regions = Files.createDirectories(tmp.resolve("regions"));
        Path boxes = boxes();
        try (OutputLock a = OutputLock.acquire(curated, "first curate");
             OutputLock b = OutputLock.acquire(regions, "first label-regions")) {
            CliRun c = CliRun.of("curate", "--metadata", meta.toString(), "--texts", texts.toString(), "--t", "5",
                    "--out", curated.toString());
            refused(c, curated);
            assertThat(c.errorLine()).contains("in use").contains("first curate");
            CliRun l = labelRegions(boxes, regions);
            refused(l, regions);
            assertThat(l.errorLine()).contains("in use").contains("first label-regions");
        }
        assertThat(curated.resolve("kept.jsonl")).doesNotExist();
        CliRun c = CliRun.of("curate", "--metadata", meta.toString(), "--texts", texts.toString(), "--t", "5",
                "--out", curated.toString());
        assertThat(c.exitCode()).as(c.toString()).isZero();
        assertThat(labelRegions(boxes, regions).exitCode()).isZero();
    }
}
