package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.runtime.label.LabelConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21 item 4: a labelling threshold's range is declared once ({@link LabelConfig#MAX_CONFIDENCE}, exclusive)
 * and the CLI derives its check from it, so {@code --confidence 1} is a usage error before any model loads instead
 * of passing the CLI and failing in the library. {@code predict} keeps 1 (it reports what came closest).
 */
class ConfidenceRangesTest {
    @Test
    void labelRefusesAThresholdNothingCanPass() {
        CliRun r = CliRun.of("label", "--input", "/nonexistent", "--output", "/nonexistent-out",
                "--ontology", "/nonexistent.yaml", "--confidence", String.valueOf(LabelConfig.MAX_CONFIDENCE));
        NumericOptionsTest.assertOneErrorLine(r, "--confidence");
        assertThat(r.err()).contains("up to (not including) 1");
    }

    @Test
    void labelRegionsRefusesItToo() {
        CliRun r = CliRun.of("label-regions", "--input", "/nonexistent", "--boxes", "/nonexistent-boxes",
                "--output", "/nonexistent-out", "--ontology", "/nonexistent.yaml", "--confidence", "1");
        NumericOptionsTest.assertOneErrorLine(r, "--confidence");
    }

    @Test
    void justBelowTheTopPassesTheCli() {
        CliRun r = CliRun.of("label", "--input", "/nonexistent", "--output", "/nonexistent-out",
                "--ontology", "/nonexistent.yaml", "--confidence", "0.999");
        assertThat(r.err()).doesNotContain("--confidence");
    }
}
