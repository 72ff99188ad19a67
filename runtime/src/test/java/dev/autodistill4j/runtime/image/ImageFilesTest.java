package dev.autodistill4j.runtime.image;

import dev.autodistill4j.api.Autodistill4jException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFilesTest {
    @TempDir
    Path dir;

    private void touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1});
    }

    @Test
    void extensionsAreCaseInsensitive() {
        assertThat(ImageFiles.isImage(Path.of("a/IMG_001.JPG"))).isTrue();
        assertThat(ImageFiles.isImage(Path.of("x.Jpeg"))).isTrue();
        assertThat(ImageFiles.isImage(Path.of("x.webp"))).isTrue();
        assertThat(ImageFiles.isImage(Path.of("x.GIF"))).isTrue();
        assertThat(ImageFiles.isImage(Path.of("x.bmp"))).isTrue();
        assertThat(ImageFiles.isImage(Path.of("x.png"))).isTrue();
        assertThat(ImageFiles.isImage(Path.of("x.txt"))).isFalse();
        assertThat(ImageFiles.isImage(Path.of("jpg"))).isFalse();
        assertThat(ImageFiles.isImage(Path.of(".png"))).isFalse();
        assertThat(ImageFiles.isImage(Path.of("x.png.bak"))).isFalse();
    }

    @Test
    void walkIsRecursiveSortedAndSkipsHiddenEntries() throws IOException {
        touch("b/z.png");
        touch("b/a.JPG");
        touch("a.webp");
        touch("c/d/e/deep.gif");
        touch("notes.txt");
        touch(".hidden.png");
        touch(".git/objects/x.png");
        touch("b/._a.JPG");
        Files.createDirectories(dir.resolve("folder.png"));
        List<String> found = ImageFiles.walk(dir).stream()
                .map(p -> dir.relativize(p).toString().replace('\\', '/')).toList();
        assertThat(found).containsExactly("a.webp", "b/a.JPG", "b/z.png", "c/d/e/deep.gif");
    }

    @Test
    void walkOfAFileIsAnError() throws IOException {
        touch("one.png");
        assertThatThrownBy(() -> ImageFiles.walk(dir.resolve("one.png")))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("not a folder");
    }
}
