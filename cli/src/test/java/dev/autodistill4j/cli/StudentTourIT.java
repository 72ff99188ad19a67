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
 * Issue #22, done-when: the README's student tour ("A student: …") as printed, run through the launcher from a
 * folder other than the checkout, the fixture reached by a relative path from there. So that it fits a CI run,
 * the student trains for 1 epoch instead of 30 (its accuracy is {@code StudentShapesTest}'s business) and the
 * ViT-B/32 {@code bench --students} line is left out ({@code BenchCommandTest} runs it on a tiny teacher);
 * {@code /tmp/} becomes this test's folder and {@code ./autodistill4j} the launcher's path. Failsafe runs it
 * after {@code package}.
 */
class StudentTourIT {
    private static final Path CHECKOUT = ScriptRun.CHECKOUT;
    private static final Path LAUNCHER = ScriptRun.LAUNCHER;

    @TempDir
    Path tmp;

    @BeforeEach
    void needsTheBuiltJar() {
        ScriptRun.assumeCliJarBuilt();
    }

    @Test
    void theStudentTourWorksAsPrintedWithOneEpoch() throws Exception {
        Path shapes = Fixtures.resolve("shapes");
        Path work = Files.createDirectories(tmp.resolve("work"));
        String relativeShapes = work.relativize(shapes.toAbsolutePath()).toString();
        String ontology = CHECKOUT.resolve("examples/src/main/resources/shapes-ontology.yaml").toString();
        String t = tmp.toString();
        String tour = ScriptRun.readmeBashBlock("## A student:")
                .replaceAll("(?m)^.*autodistill4j bench .*\n", "");
        assertThat(tour).contains("S=../shared/fixtures/shapes;", "O=examples/src/main/resources/shapes-ontology.yaml",
                "--target student", "--epochs 30", "target:/tmp/shapes-student");
        tour = tour.replace("/tmp/", t + "/")
                .replace("S=../shared/fixtures/shapes;", "S='" + relativeShapes + "';")
                .replace("O=examples/src/main/resources/shapes-ontology.yaml", "O='" + ontology + "'")
                .replace("./autodistill4j ", "'" + LAUNCHER + "' ")
                .replace("--epochs 30", "--epochs 1");
        String script = "set -euo pipefail\n" + tour;
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(work.toFile());
        ScriptRun run = ScriptRun.of(pb);
        assertThat(run.exitCode()).as(script + "\n----\n" + run.output()).isZero();
        List<String> json = run.output().lines().filter(l -> l.startsWith("{")).toList();
        String student = "target:" + t + "/shapes-student";
        assertThat(json).as(run.output()).anyMatch(l -> l.contains("\"trainer\":\"student\""));
        assertThat(json).as(run.output()).anyMatch(l -> l.contains("\"model\":\"" + student + "\"")
                && l.contains("\"accuracy\""));
        assertThat(json).as("predict: one line per image, classified into the trained prompts' classes")
                .anyMatch(l -> l.startsWith("{\"image\":") && l.contains("red_circle_00") && l.contains("\"class\":"));
        assertThat(json).as(run.output()).anyMatch(l -> l.startsWith("{\"path\""));
        assertThat(tmp.resolve("student-clusters/clusters.html")).isRegularFile();
    }
}
