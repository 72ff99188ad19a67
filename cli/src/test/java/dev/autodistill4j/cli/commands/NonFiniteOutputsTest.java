package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model that produces NaN/Inf (test-nonfinite: black images, texts with "nan") never gets those numbers into
 * any output: every command stops with one error line, and what it wrote before holds no NaN.
 */
class NonFiniteOutputsTest {
    @TempDir
    Path tmp;
    Path images;
    Path ontology;

    @BeforeEach
    void setUp() throws Exception {
        images = tmp.resolve("images");
        FrameworkCommandsTest.solid(images.resolve("a-red.png"), 0xFF0000);
        FrameworkCommandsTest.solid(images.resolve("b-black.png"), 0x000000);
        FrameworkCommandsTest.solid(images.resolve("c-blue.png"), 0x0000FF);
        ontology = Files.writeString(tmp.resolve("o.yaml"), "red: red\nblue: blue\n");
    }

    private static void assertStoppedWithoutNaN(CliRun r) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(r.err()).contains("error: ").contains("non-finite").doesNotContain("\tat ");
    }

    @Test
    void predictEmbedAndCompareNeverPrintNaN() {
        assertStoppedWithoutNaN(CliRun.of("predict", "--model", "test-nonfinite", "--ontology", ontology.toString(),
                images.toString()));
        assertStoppedWithoutNaN(CliRun.of("embed", "--model", "test-nonfinite", "--images", images.toString()));
        assertStoppedWithoutNaN(CliRun.of("embed", "--model", "test-nonfinite", "--text", "a cat", "a nan"));
        assertStoppedWithoutNaN(CliRun.of("compare", "--model", "test-nonfinite", "text:nan", "text:dog"));
        CliRun fine = CliRun.of("embed", "--model", "test-nonfinite", "--text", "a cat");
        assertThat(fine.exitCode()).as(fine.err()).isZero();
        assertThat(fine.json()).hasSize(1);
    }

    @Test
    void labelAndIndexWriteNoNaN() throws Exception {
        Path out = tmp.resolve("dataset");
        assertStoppedWithoutNaN(CliRun.of("label", "--model", "test-nonfinite", "--ontology", ontology.toString(),
                "--input", images.toString(), "--output", out.toString(), "--batch", "1"));
        if (Files.exists(out.resolve("manifest.jsonl"))) {
            assertThat(Files.readString(out.resolve("manifest.jsonl"))).doesNotContain("NaN");
        }
        assertStoppedWithoutNaN(CliRun.of("index", "--model", "test-nonfinite", "--images", images.toString(),
                "--index", tmp.resolve("index").toString()));
    }

    @Test
    void evaluateAndSearchWriteNoNaN() throws Exception {
        Path data = tmp.resolve("truth");
        FrameworkCommandsTest.solid(data.resolve("red/a.png"), 0xFF0000);
        FrameworkCommandsTest.solid(data.resolve("blue/b.png"), 0x000000);
        Path report = tmp.resolve("report.html");
        assertStoppedWithoutNaN(CliRun.of("evaluate", "--model", "test-nonfinite", "--data", data.toString(),
                "--report", report.toString()));
        assertThat(report).doesNotExist();
        Path index = tmp.resolve("index");
        Path colours = tmp.resolve("colours");
        FrameworkCommandsTest.solid(colours.resolve("red.png"), 0xFF0000);
        CliRun indexed = CliRun.of("index", "--model", "test-nonfinite", "--images", colours.toString(), "--index",
                index.toString());
        assertThat(indexed.exitCode()).as(indexed.err()).isZero();
        assertStoppedWithoutNaN(CliRun.of("search", "--index", index.toString(), "--text", "a nan"));
    }
}
