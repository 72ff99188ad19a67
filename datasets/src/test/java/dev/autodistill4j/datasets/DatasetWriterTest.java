package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetWriterTest {
    @TempDir
    Path tmp;

    private Path source(String rel, byte[] content) throws Exception {
        Path p = tmp.resolve("in").resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    @Test
    void copiesByteForByteAndNeverOverwrites() throws Exception {
        Path out = tmp.resolve("out");
        DatasetWriter w = new DatasetWriter(out, ClassFolders.forClasses(List.of("cat")), false, Set.of());
        Path a = source("a/x.jpg", new byte[] {1, 2, 3});
        Path b = source("b/x.jpg", new byte[] {4, 5});
        Path c = source("c/x.jpg", new byte[] {6});
        assertThat(w.write(a, Sha256.of(a), Split.TRAIN, "cat")).isEqualTo("train/cat/x.jpg");
        assertThat(w.write(b, Sha256.of(b), Split.TRAIN, "cat")).isEqualTo("train/cat/x-2.jpg");
        assertThat(w.write(c, Sha256.of(c), Split.TRAIN, "cat")).isEqualTo("train/cat/x-3.jpg");
        assertThat(w.write(a, Sha256.of(a), null, null)).isEqualTo("unlabeled/x.jpg");
        assertThat(Files.readAllBytes(out.resolve("train/cat/x.jpg"))).containsExactly(1, 2, 3);
        assertThat(Files.readAllBytes(out.resolve("train/cat/x-2.jpg"))).containsExactly(4, 5);
        try (var s = Files.walk(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(DatasetWriter.TMP_PREFIX));
        }
    }

    @Test
    void sameNameSameContentTwiceIsStillTwoFilesWhenBothClaimed() throws Exception {
        Path out = tmp.resolve("out");
        DatasetWriter w = new DatasetWriter(out, Map.of(), false, Set.of());
        Path a = source("a/x.png", new byte[] {9});
        Path b = source("b/x.png", new byte[] {9});
        assertThat(w.write(a, Sha256.of(a), Split.VALID, "k")).isEqualTo("valid/k/x.png");
        assertThat(w.write(b, Sha256.of(b), Split.VALID, "k")).isEqualTo("valid/k/x-2.png");
    }

    @Test
    void adoptsOrphanOfAKilledRunInsteadOfDuplicating() throws Exception {
        Path out = tmp.resolve("out");
        Path a = source("a/x.png", new byte[] {7, 7});
        new DatasetWriter(out, Map.of(), false, Set.of()).write(a, Sha256.of(a), Split.TRAIN, "k");
        Files.write(out.resolve("train/k/" + DatasetWriter.TMP_PREFIX + "junk-x.png"), new byte[] {1});
        // second run: the manifest line was never written, so nothing is claimed
        DatasetWriter resumed = new DatasetWriter(out, Map.of(), false, Set.of());
        resumed.cleanTemporaryFiles();
        assertThat(resumed.write(a, Sha256.of(a), Split.TRAIN, "k")).isEqualTo("train/k/x.png");
        try (var s = Files.list(out.resolve("train/k"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("x.png");
        }
        // but a claimed file is never reused
        DatasetWriter claimed = new DatasetWriter(out, Map.of(), false, Set.of("train/k/x.png"));
        assertThat(claimed.write(a, Sha256.of(a), Split.TRAIN, "k")).isEqualTo("train/k/x-2.png");
    }

    @Test
    void hardLinksShareTheInode() throws Exception {
        Path out = tmp.resolve("out");
        Path a = source("a/x.png", new byte[] {5});
        String rel = new DatasetWriter(out, Map.of(), true, Set.of()).write(a, Sha256.of(a), Split.TEST, "k");
        assertThat(Files.isSameFile(a, out.resolve(rel))).isTrue();
    }

    @Test
    void hostileClassNameStaysInsideTheSplitFolder() throws Exception {
        Path out = tmp.resolve("out");
        Path a = source("a/x.png", new byte[] {5});
        DatasetWriter w = new DatasetWriter(out, ClassFolders.forClasses(List.of("../../evil")), false, Set.of());
        String rel = w.write(a, Sha256.of(a), Split.TRAIN, "../../evil");
        assertThat(rel).isEqualTo("train/___.._evil/x.png");
        assertThat(out.resolve(rel).normalize()).startsWith(out.resolve("train"));
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    /** Issue #19 item 2's class at the label writer: a class folder linked out of the output is not written. */
    @Test
    void aClassFolderLinkedOutOfTheOutputIsRefused() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out/train"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("cat"), elsewhere);
        Path src = Files.writeString(tmp.resolve("a.png"), "A");
        DatasetWriter w = new DatasetWriter(tmp.resolve("out"), ClassFolders.forClasses(List.of("cat")), false,
                Set.of());
        assertThatThrownBy(() -> w.write(src, Sha256.of(src), Split.TRAIN, "cat"))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining("train/cat")
                .hasMessageContaining("symbolic link"); // refused by OutputFiles before any name is placed
        try (var s = Files.list(elsewhere)) {
            assertThat(s).isEmpty();
        }
    }
}
