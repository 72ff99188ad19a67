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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code .ci/jdk}, the one JDK discovery behind {@code .ci/run}, the README's commands and the launcher: with an
 * older {@code java} first on the {@code PATH} and in {@code JAVA_HOME} it finds an installed JDK 25+ itself (the
 * newest; one with {@code javac} to run a build), and with none installed it says so in one {@code error:} line,
 * exit 2 — the launcher too. The install places are replaced by {@code AUTODISTILL4J_JDK_DIRS}, and the
 * {@code PATH} holds only the shell tools the scripts use, so the machine's own JDKs cannot answer.
 */
class JdkDiscoveryIT {
    private static final Path CHECKOUT = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    private static final Path JDK_SCRIPT = CHECKOUT.resolve(".ci/jdk");
    private static final Path LAUNCHER = CHECKOUT.resolve("autodistill4j");
    private static final Path JAR = CHECKOUT.resolve("cli/target/autodistill4j-cli.jar");

    @TempDir
    Path tmp;
    private Path tools;
    private Path old;

    @BeforeEach
    void aPathWithoutJavaAndAnOldJdk() throws IOException {
        tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("bash", "sh", "sed", "head", "readlink", "dirname", "cat")) {
            Files.createSymbolicLink(tools.resolve(tool), ScriptRun.onPath(tool));
        }
        old = fakeJdk(tmp.resolve("old-jdk"), "17.0.15", true);
    }

    @Test
    void theNewestInstalledJdkIsFoundPastAnOlderJavaHomeAndPath() throws Exception {
        Path dirs = Files.createDirectories(tmp.resolve("jdks"));
        fakeJdk(dirs.resolve("temurin-25"), "25.0.3", true);
        fakeJdk(dirs.resolve("jre-26"), "26", false);
        fakeJdk(dirs.resolve("jdk-21"), "21.0.2", true);
        ScriptRun java = run(List.of(JDK_SCRIPT.toString()), dirs);
        assertThat(java.exitCode()).as(java.output()).isZero();
        assertThat(java.output().strip()).as("the newest with a java").isEqualTo(dirs.resolve("jre-26").toString());
        ScriptRun build = run(List.of(JDK_SCRIPT.toString(), "sh", "-c", "echo \"$JAVA_HOME\"; command -v java"),
                dirs);
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(build.output().lines()).as("a build needs javac").containsExactly(
                dirs.resolve("temurin-25").toString(), dirs.resolve("temurin-25/bin/java").toString());
    }

    @Test
    void noJdk25IsOneErrorLineAndExitTwo() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("no-jdks"));
        ScriptRun run = run(List.of(JDK_SCRIPT.toString(), "mvn", "-B", "verify"), empty);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().lines()).singleElement().asString()
                .startsWith("error: autodistill4j needs a JDK 25 or newer; none found (JAVA_HOME=" + old)
                .contains("Install one (e.g. Eclipse Temurin 25) and set JAVA_HOME to it.");
    }

    @Test
    void theLauncherRunsOnTheJdk25ItFindsWhenJava17IsFirst() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), () -> "skipped: " + JAR + " is not built");
        Path dirs = Files.createDirectories(tmp.resolve("jdks"));
        Files.createSymbolicLink(dirs.resolve("this-jdk"), Path.of(System.getProperty("java.home")));
        ScriptRun run = run(List.of(LAUNCHER.toString(), "--version"), dirs);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo("autodistill4j " + Versions.autodistill4j());
    }

    @Test
    void theLauncherWithoutJdk25SaysWhatItNeedsInOneLine() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), () -> "skipped: " + JAR + " is not built");
        Path empty = Files.createDirectories(tmp.resolve("no-jdks"));
        ScriptRun run = run(List.of(LAUNCHER.toString(), "--version"), empty);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().lines()).singleElement().asString()
                .startsWith("error: autodistill4j needs Java 25 or newer; none found");
    }

    /** A JDK home as .ci/jdk sees one: a release file and executable bin/java (and bin/javac). */
    private static Path fakeJdk(Path home, String version, boolean javac) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n", StandardCharsets.UTF_8);
        for (String tool : javac ? List.of("java", "javac") : List.of("java")) {
            Path script = Files.writeString(home.resolve("bin").resolve(tool), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    private ScriptRun run(List<String> command, Path jdkDirs) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("JAVA") || k.startsWith("JDK_") || k.equals("HOME"));
        env.put("PATH", old.resolve("bin") + ":" + tools);
        env.put("JAVA_HOME", old.toString());
        env.put("AUTODISTILL4J_JDK_DIRS", jdkDirs.toString());
        return ScriptRun.of(pb);
    }
}
