package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Issue #8 items 4 and 5 at the writer: very long names, and names that are not valid UTF-8. */
class DatasetWriterNamesTest {
    @TempDir
    Path tmp;

    private Path source(String dir, String name, String content) throws IOException {
        Path p = tmp.resolve("in").resolve(dir).resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    @Test
    void namesOfTwoHundredAndMoreBytesAreShortenedKeepingExtensionAndUniqueness() throws Exception {
        String ascii = "x".repeat(246) + ".jpg";           // 250 bytes: legal, but no room for a prefix
        String multi = "é".repeat(100) + "photo.png";      // 209 bytes in UTF-8
        Path out = tmp.resolve("out");
        DatasetWriter w = new DatasetWriter(out, ClassFolders.forClasses(List.of("cat")), false, Set.of());
        Set<String> written = new HashSet<>();
        for (String dir : List.of("a", "b", "c")) {
            for (String name : List.of(ascii, multi)) {
                Path src = source(dir, name, dir + name);
                String rel = w.write(src, Sha256.of(src), Split.TRAIN, "cat");
                String file = rel.substring(rel.lastIndexOf('/') + 1);
                assertThat(file.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
                assertThat(file).endsWith(name.substring(name.lastIndexOf('.')));
                assertThat(out.resolve(rel)).hasContent(dir + name);
                written.add(rel);
            }
        }
        assertThat(written).hasSize(6);
        Path again = tmp.resolve("in/a").resolve(ascii);
        assertThat(DestinationName.of(again)).as("the same name on every run (resume adopts it)")
                .isEqualTo(DestinationName.of(again)).startsWith("xxxx").contains("~");
        assertThat(DestinationName.of(tmp.resolve("in/a").resolve(ascii.replace("x.jpg", "y.jpg"))))
                .as("names sharing their start stay apart").isNotEqualTo(DestinationName.of(again));
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(DatasetWriter.TMP_PREFIX));
        }
    }

    @Test
    void failuresNameTheirRealCauseNotFreeSpace() {
        Path dir = tmp.resolve("d");
        String tooLong = DatasetWriter.remedy(new FileSystemException("x", null, "File name too long"), dir);
        assertThat(tooLong).contains("too long").doesNotContain("space");
        assertThat(DatasetWriter.remedy(new FileSystemException("x", null, "No space left on device"), dir))
                .contains("disk is full");
        assertThat(DatasetWriter.remedy(new java.nio.file.AccessDeniedException("x"), dir))
                .contains("permission").contains(dir.toString()).doesNotContain("space");
    }

    @Test
    void namesThatAreNotUtf8GetDistinctReadableFiles() throws Exception {
        Path a = source("x", "content-a", "A");
        Path b = source("x", "content-b", "B");
        Path dir = Files.createDirectories(tmp.resolve("raw"));
        assumeThat(RawFileNames.copy(a, dir, "p\\377.png") && RawFileNames.copy(b, dir, "p\\376.png"))
                .as("the file system accepts names that are not UTF-8").isTrue();
        Path out = tmp.resolve("out");
        DatasetWriter w = new DatasetWriter(out, ClassFolders.forClasses(List.of("cat")), false, Set.of());
        Set<String> written = new HashSet<>();
        for (Path src : RawFileNames.list(dir)) {
            written.add(w.write(src, Sha256.of(src), Split.TRAIN, "cat"));
        }
        assertThat(written).containsExactlyInAnyOrder("train/cat/p\uFFFDFF.png", "train/cat/p\uFFFDFE.png");
        assertThat(out.resolve("train/cat/p\uFFFDFF.png")).hasContent("A");
        assertThat(out.resolve("train/cat/p\uFFFDFE.png")).hasContent("B");
    }

    /**
     * Issue #19 item 6: on Linux a backslash is an ordinary byte of a file name, not a separator. The manifest's
     * {@code file} must name the file the writer made ({@code back\slash.png}), not {@code back/slash.png}.
     */
    @Test
    void aBackslashInANameIsPartOfTheNameNotAFolder() throws Exception {
        assumeThat(tmp.getFileSystem().getSeparator())
                .as("the separator is '/', so a backslash is a byte of a name").isEqualTo("/");
        Path src = source("x", "back\\slash.png", "B");
        Path out = tmp.resolve("out");
        DatasetWriter w = new DatasetWriter(out, ClassFolders.forClasses(List.of("cat")), false, Set.of());
        String rel = w.write(src, Sha256.of(src), Split.TRAIN, "cat");
        assertThat(rel).isEqualTo("train/cat/back\\slash.png");
        assertThat(out.resolve(rel)).hasContent("B");
        assertThat(out.resolve("train/cat/back")).doesNotExist();
        assertThat(PathNames.relative(out, out.resolve("train/cat/back\\slash.png"))).isEqualTo(rel);
    }

    @Test
    void cleaningTemporaryFilesStaysInTheFoldersTheWriterOwns() throws Exception {
        Path out = tmp.resolve("out");
        Path ours = out.resolve("train/cat/" + DatasetWriter.TMP_PREFIX + "0123.tmp");
        Path users = out.resolve("my-album/" + DatasetWriter.TMP_PREFIX + "notes.txt");
        for (Path p : List.of(ours, users)) {
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
        new DatasetWriter(out, ClassFolders.forClasses(List.of("cat")), false, Set.of()).cleanTemporaryFiles();
        assertThat(ours).doesNotExist();
        assertThat(users).hasContent("x");
    }
}
