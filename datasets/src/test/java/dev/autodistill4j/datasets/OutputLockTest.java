package dev.autodistill4j.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputLockTest {
    @TempDir
    Path tmp;

    @Test
    // the try-with-resources holds a lock/lease/poller for the block and never reads it
    @SuppressWarnings("try")
    void aSecondHolderInThisProcessIsRefusedUntilTheFirstReleases() {
        try (OutputLock first = OutputLock.acquire(tmp, "first-run")) {
            assertThatThrownBy(() -> OutputLock.acquire(tmp, "second-run"))
                    .isInstanceOf(OutputLockedException.class)
                    .hasMessageContaining(tmp.toString()).hasMessageContaining("first-run")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        try (OutputLock again = OutputLock.acquire(tmp, "third-run")) {
            assertThat(again.file()).exists();
        }
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndTheLockIsFreedWhenItDies() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OutputLockHolder.class.getName(), tmp.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> OutputLock.acquire(tmp, "label"))
                    .isInstanceOf(OutputLockedException.class)
                    .hasMessageContaining("lock-holder-test pid " + holder.pid())
                    .hasMessageContaining("nothing was changed");
        } finally {
            holder.destroyForcibly(); // like kill -9: the OS drops the lock with the process
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (OutputLock mine = OutputLock.acquire(tmp, "label")) {
            assertThat(mine.file().getParent()).isEqualTo(tmp);
        }
    }

    /** Issue #19 item 1: a planted link named like the lock is never followed, nor created through. */
    @Test
    void aLockFileThatIsALinkIsRefusedAndItsTargetIsUntouched() throws Exception {
        Path victim = java.nio.file.Files.writeString(tmp.resolve("victim.txt"), "precious");
        Path out = java.nio.file.Files.createDirectories(tmp.resolve("out"));
        java.nio.file.Files.createSymbolicLink(out.resolve(OutputLock.FILE_NAME), victim);
        assertThatThrownBy(() -> OutputLock.acquire(out, "label").close())
                .isInstanceOf(DatasetWriteException.class).hasMessageContaining(out.resolve(OutputLock.FILE_NAME)
                        .toString()).hasMessageContaining("symbolic link");
        assertThat(victim).hasContent("precious");
        assertThat(OutputLock.isLockFile(out.resolve(OutputLock.FILE_NAME))).isFalse();

        Path dangling = java.nio.file.Files.createDirectories(tmp.resolve("dangling"));
        Path outside = tmp.resolve("created-outside.txt");
        java.nio.file.Files.createSymbolicLink(dangling.resolve(OutputLock.FILE_NAME), outside);
        assertThatThrownBy(() -> OutputLock.acquire(dangling, "index").close())
                .isInstanceOf(DatasetWriteException.class);
        assertThat(outside).doesNotExist();
    }
}
