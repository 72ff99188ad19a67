package dev.autodistill4j.cli;

import dev.autodistill4j.datasets.Versions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code autodistill4j} launcher at the checkout's root, run through symlinks from another folder (as in
 * {@code ln -s ~/src/autodistill4j/autodistill4j ~/bin/a4j}): it must find the CLI jar beside its real location,
 * not beside the link. Failsafe runs this after {@code package}, when the jar and its {@code lib/} exist.
 */
class LauncherSymlinkIT {
    private static final Path LAUNCHER = ScriptRun.LAUNCHER;

    @TempDir
    Path tmp;

    @BeforeEach
    void needsTheBuiltJar() {
        ScriptRun.assumeCliJarBuilt();
    }

    @Test
    void aChainOfRelativeSymlinksInAnotherFolderRunsTheCli() throws Exception {
        Path link = linkChain();
        ScriptRun run = run(link, Optional.empty());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo("autodistill4j " + Versions.autodistill4j());
    }

    @Test
    void withoutReadlinkDashFTheLauncherFollowsTheLinksItself() throws Exception {
        Path link = linkChain();
        // a readlink that refuses -f (as on macOS before 12.3) and otherwise is the real one
        Path realReadlink = ScriptRun.onPath("readlink");
        Path fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
        Path fake = Files.writeString(fakeBin.resolve("readlink"), "#!/bin/sh\n"
                + "if [ \"$1\" = -f ]; then echo 'readlink: illegal option -- f' >&2; exit 1; fi\n"
                + "exec '" + realReadlink + "' \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        ScriptRun run = run(link, Optional.of(fakeBin));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo("autodistill4j " + Versions.autodistill4j());
    }

    /** {@code tmp/home/bin/a4j -> ../../links/launcher -> <checkout>/autodistill4j}: relative, then absolute. */
    private Path linkChain() throws IOException {
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createSymbolicLink(links.resolve("launcher"), LAUNCHER);
        Path bin = Files.createDirectories(tmp.resolve("home/bin"));
        return Files.createSymbolicLink(bin.resolve("a4j"), Path.of("../../links/launcher"));
    }

    private ScriptRun run(Path link, Optional<Path> firstOnPath) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(link.toString(), "--version").directory(tmp.toFile());
        firstOnPath.ifPresent(dir -> pb.environment().merge("PATH", dir.toString(), (old, d) -> d + ":" + old));
        return ScriptRun.of(pb);
    }
}
