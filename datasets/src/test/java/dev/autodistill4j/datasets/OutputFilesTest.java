package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #19's class rule: no write through a link, no delete through a link or of an unlisted file. */
class OutputFilesTest {
    @TempDir
    Path tmp;

    @Test
    void replacingALinkIsRefusedAndTheTargetKept() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious");
        Path link = Files.createSymbolicLink(tmp.resolve("run.json"), victim);
        assertThatThrownBy(() -> OutputFiles.replace(link, "new".getBytes()))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining(link.toString())
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> OutputFiles.openAppend(link)).isInstanceOf(DatasetWriteException.class);
        assertThat(victim).hasContent("precious");
        Path plain = tmp.resolve("plain.json");
        OutputFiles.replace(plain, "one".getBytes());
        OutputFiles.replace(plain, "two".getBytes());
        assertThat(plain).hasContent("two");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("victim.txt", "run.json",
                    "plain.json");
        }
    }

    @Test
    void foldersBelowTheRootMustBeRealFolders() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.createSymbolicLink(out.resolve("labels"), elsewhere);
        assertThatThrownBy(() -> OutputFiles.createFolders(out, out.resolve("labels/sub")))
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining(out.resolve("labels").toString());
        assertThat(elsewhere).isEmptyDirectory();
        assertThat(OutputFiles.createFolders(out, out.resolve("a/b"))).isDirectory();
    }

    @Test
    void ownershipDeletesOnlyListedRegularFilesAndEmptyFolders() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("labels/x"));
        Files.writeString(out.resolve("labels/x/a.txt"), "a");
        Files.writeString(out.resolve("labels/x/mine.txt"), "mine");
        Files.createDirectories(out.resolve("labels/y"));
        Files.writeString(out.resolve("labels/y/b.txt"), "b");
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "v");
        Files.createSymbolicLink(out.resolve("labels/link.txt"), victim);
        Ownership.deleteListed(out, List.of("labels/x/a.txt", "labels/y/b.txt", "labels/link.txt", "../victim.txt"),
                List.of("labels"));
        assertThat(out.resolve("labels/x/mine.txt")).hasContent("mine");
        assertThat(out.resolve("labels/x/a.txt")).doesNotExist();
        assertThat(out.resolve("labels/y")).doesNotExist();
        assertThat(out.resolve("labels/link.txt")).isSymbolicLink();
        assertThat(victim).hasContent("v");
    }
}
