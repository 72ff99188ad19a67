package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The base CLI has no Spark: asked for {@code spark}, it says in one error line how to get it. */
class SparkMissingTest {
    @Test
    void sparkWithoutTheModuleSaysHowToGetIt() {
        CliRun r = CliRun.of("spark", "embed", "--input", "photos", "--output", "table");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith("error: ").doesNotContain("\n").contains("spark module")
                .contains("mvn -q -DskipTests -pl spark -am package").contains("docs/spark.md");
    }

    @Test
    void otherCommandsDoNotNeedSpark() {
        CliRun r = CliRun.of("models");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json()).isNotEmpty();
    }
}
