package dev.autodistill4j.cli;

import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #26, done-when: the README's tour ("Look before you train") as printed, run through the launcher from a
 * folder other than the checkout — the fixture reached by a relative path from there, as a user types it — with
 * the trained probe moved elsewhere before {@code compare} uses it, and then {@code predict} on the moved probe,
 * without an ontology, from yet another folder. Only the interactive {@code review} line is left out, {@code /tmp/}
 * becomes this test's folder and {@code ./autodistill4j} the launcher's path. Failsafe runs it after
 * {@code package}.
 */
class ReadmeTourIT {
    private static final Path CHECKOUT = ScriptRun.CHECKOUT;
    private static final Path LAUNCHER = ScriptRun.LAUNCHER;

    @TempDir
    Path tmp;

    @BeforeEach
    void needsTheBuiltJar() {
        ScriptRun.assumeCliJarBuilt();
    }

    @Test
    void theTourWorksFromAnotherFolderWithTheTrainedModelMoved() throws Exception {
        Path shapes = Fixtures.resolve("shapes");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(tmp.resolve("moved"));
        String relativeShapes = work.relativize(shapes.toAbsolutePath()).toString();
        String ontology = CHECKOUT.resolve("examples/src/main/resources/shapes-ontology.yaml").toString();
        String t = tmp.toString();
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        String tour = ScriptRun.readmeBashBlock("## Look before you train")
                .replaceAll("(?m)^.*autodistill4j review .*\n", "");
        assertThat(tour).contains("S=../shared/fixtures/shapes;", "O=examples/src/main/resources/shapes-ontology.yaml",
                "target:/tmp/probe", "train ");
        tour = tour.replace("/tmp/", t + "/") // first: the paths put in below may lie under /tmp themselves
                .replace("S=../shared/fixtures/shapes;", "S='" + relativeShapes + "';")
                .replace("O=examples/src/main/resources/shapes-ontology.yaml", "O='" + ontology + "'")
                .replace("./autodistill4j ", "'" + LAUNCHER + "' ")
                .replace("target:" + t + "/probe", "target:" + t + "/moved/probe");
        for (String line : tour.split("\n", -1)) {
            script.append(line).append('\n');
            if (line.contains(" train ")) {
                script.append("mv '").append(t).append("/probe' '").append(t).append("/moved/probe'\n");
            }
        }
        script.append("cd '").append(elsewhere).append("'\n'").append(LAUNCHER).append("' predict --model target:")
                .append(t).append("/moved/probe '").append(shapes.resolve("images/test/red_circle")).append("'\n");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).directory(work.toFile());
        ScriptRun run = ScriptRun.of(pb);
        assertThat(run.exitCode()).as(script + "\n----\n" + run.output()).isZero();
        List<String> json = run.output().lines().filter(l -> l.startsWith("{")).toList();
        assertThat(json).as(run.output()).anyMatch(l -> l.contains("\"model\":\"target:" + t + "/moved/probe\"")
                && l.contains("accuracy"));
        assertThat(json).as(run.output()).anyMatch(l -> l.contains("\"class\":\"red_circle\""));
        assertThat(tmp.resolve("compare.html")).isRegularFile();
    }
}
