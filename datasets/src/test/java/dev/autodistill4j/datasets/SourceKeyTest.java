package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Issue #8 item 5: names that differ only in bytes that are not valid UTF-8 keep distinct source keys. */
class SourceKeyTest {
    @TempDir
    Path tmp;

    @Test
    void ordinaryNamesKeepTheirPlainPathAsKey() throws Exception {
        Path p = Files.writeString(tmp.resolve("café ü 写真.png"), "x");
        assertThat(SourceKey.of(p)).isEqualTo(p.toAbsolutePath().normalize().toString());
        assertThat(SourceKey.of(tmp.resolve("sub/../café ü 写真.png"))).isEqualTo(SourceKey.of(p));
        assertThat(SourceKey.fileName(p)).isEqualTo("café ü 写真.png");
    }

    @Test
    void undecodableBytesAreEscapedReversiblyAndStayDistinct() throws Exception {
        Path content = Files.writeString(tmp.resolve("content"), "x");
        Path dir = Files.createDirectories(tmp.resolve("raw"));
        assumeThat(RawFileNames.copy(content, dir, "a\\377.png") && RawFileNames.copy(content, dir, "a\\376.png")
                && RawFileNames.copy(content, dir, "a\\357\\277\\275FF.png"))
                .as("the file system accepts names that are not UTF-8").isTrue();
        List<Path> files = RawFileNames.list(dir);
        assertThat(files).hasSize(3);
        assertThat(files.stream().map(Path::toString).distinct()).as("Java itself cannot tell two of them apart")
                .hasSize(2);
        String base = dir.toAbsolutePath().normalize() + "/";
        assertThat(files).extracting(SourceKey::of).containsExactlyInAnyOrder(
                base + "a\uFFFDFF.png", base + "a\uFFFDFE.png", base + "a\uFFFDuFF.png");
        assertThat(files).extracting(SourceKey::fileName)
                .containsExactlyInAnyOrder("a\uFFFDFF.png", "a\uFFFDFE.png", "a\uFFFDuFF.png");
        for (Path f : files) {
            assertThat(SourceKey.of(f)).as("stable across calls, so a resume finds it")
                    .isEqualTo(SourceKey.of(RawFileNames.list(dir).get(files.indexOf(f))));
            assertThat(SourceKey.toPath(SourceKey.of(f))).as("the key opens the very file").isEqualTo(f).exists();
        }
        Path plain = Files.writeString(dir.resolve("plain é \\ #%.png"), "y");
        assertThat(SourceKey.toPath(SourceKey.of(plain))).isEqualTo(plain.toAbsolutePath().normalize());
    }
}
