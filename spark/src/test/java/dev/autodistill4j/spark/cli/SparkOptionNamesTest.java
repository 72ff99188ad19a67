package dev.autodistill4j.spark.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One concept, one name everywhere (issue #19 item 15): {@code spark embed} takes the images folder as
 * {@code --images}, like {@code embed}, {@code index} and {@code label-regions}; the old {@code --input} and
 * {@code -i} still work.
 */
class SparkOptionNamesTest {

    static SparkEmbedCommand parse(String... args) {
        SparkEmbedCommand command = new SparkEmbedCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void sparkEmbedTakesImagesAndKeepsInputAsAnAlias() {
        assertThat(parse("--images", "photos/", "--output", "t.parquet").imagesFolder()).isEqualTo("photos/");
        assertThat(parse("--input", "old/", "--output", "t.parquet").imagesFolder()).isEqualTo("old/");
        assertThat(parse("-i", "short/", "--output", "t.parquet").imagesFolder()).isEqualTo("short/");
        assertThatThrownBy(() -> parse("--images", "a/", "--input", "b/", "--output", "t").imagesFolder())
                .hasMessageContaining("two folders");
        assertThatThrownBy(() -> parse("--output", "t.parquet").imagesFolder()).hasMessageContaining("--images DIR");
        String usage = new CommandLine(new SparkEmbedCommand()).getUsageMessage();
        assertThat(usage).contains("--images=DIR").doesNotContain("--input");
    }
}
