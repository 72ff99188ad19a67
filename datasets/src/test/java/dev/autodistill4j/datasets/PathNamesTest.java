package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Relative names and derived names keep each file name as the file system's bytes (issue #19 item 6). */
class PathNamesTest {
    @TempDir
    Path tmp;

    @Test
    void relativeNamesJoinTheNamesNotTheirCharacters() {
        assumeThat(tmp.getFileSystem().getSeparator()).isEqualTo("/");
        Path root = tmp.resolve("root");
        assertThat(PathNames.relative(root, root.resolve("a").resolve("b\\c.png"))).isEqualTo("a/b\\c.png");
        assertThat(PathNames.relative(root, root.resolve("line\nbreak.png"))).isEqualTo("line\nbreak.png");
        assertThat(PathNames.join(Path.of("x", "y", "z.txt"))).isEqualTo("x/y/z.txt");
    }

    @Test
    void theExtensionIsReplacedOnTheLastNameOnly() {
        assertThat(PathNames.withExtension(Path.of("a.b", "c.png"), ".txt")).isEqualTo(Path.of("a.b", "c.txt"));
        assertThat(PathNames.withExtension(Path.of("dir", "noext"), ".txt")).isEqualTo(Path.of("dir", "noext.txt"));
        assertThat(PathNames.withExtension(Path.of("b\\..\\..\\x.png"), ".txt")).isEqualTo(Path.of("b\\..\\..\\x.txt"));
    }

    @Test
    void aNameThatIsNotUtf8KeepsItsBytes() throws Exception {
        Path content = Files.writeString(tmp.resolve("content"), "x");
        Path dir = Files.createDirectories(tmp.resolve("raw"));
        assumeThat(RawFileNames.copy(content, dir, "p\\377.png") && RawFileNames.copy(content, dir, "p\\377.txt")
                && RawFileNames.copy(content, dir, "p\\376.png")).as("the file system takes names that are not UTF-8")
                .isTrue();
        List<Path> listed = RawFileNames.list(dir);
        Path png = listed.stream().filter(p -> Files.isRegularFile(p) && p.toUri().toString().endsWith("p%FF.png"))
                .findFirst().orElseThrow();
        Path txt = PathNames.withExtension(png, ".txt");
        assertThat(txt).exists();
        assertThat(listed).contains(txt);
        Path other = listed.stream().filter(p -> p.toUri().toString().endsWith("p%FE.png")).findFirst().orElseThrow();
        assertThat(PathNames.withExtension(other, ".txt")).isNotEqualTo(txt).doesNotExist();
        Path relative = dir.relativize(png);
        assertThat(dir.resolve(PathNames.withExtension(relative, ".txt"))).isEqualTo(txt);
        assertThat(PathNames.join(relative)).as("escaped as SourceKey does").isEqualTo("p\uFFFDFF.png");
        assertThat(PathNames.join(Path.of("a", "p\uFFFDFF.png"))).as("a real U+FFFD name is written as it is")
                .isEqualTo("a/p\uFFFDFF.png");
    }
}
