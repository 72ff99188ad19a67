package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Typed settings are parsed in one place each; a wrong value is one error line with the choices, exit 2. */
class TypedOptionsTest {
    @Test
    void aWrongDeviceNamesTheValueAndTheChoices() {
        CliRun r = CliRun.of("label", "--model", "test-colour", "--ontology", "o.yaml", "--input", "in",
                "--output", "out", "--device", "tpu");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLine()).contains("--device").contains("device 'tpu' is not understood: use cpu, gpu or gpu:N")
                .doesNotContain("Exception");
    }

    @Test
    void aWrongSimilarityNamesTheValueAndTheChoices() {
        CliRun r = CliRun.of("index", "--model", "test-colour", "--images", "in", "--index", "idx",
                "--similarity", "euclid");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLine()).contains("--similarity").contains("unknown similarity 'euclid': use dot_product or cosine")
                .doesNotContain("Exception");
    }

    @Test
    void anIndexingBufferLuceneCannotHoldNamesTheOption() {
        CliRun r = CliRun.of("bench-search", "--vectors", "100", "--ram-buffer-mb", "5000");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLine()).startsWith("error: --ram-buffer-mb must be 16 to 1945").contains("got 5000");
    }
}
