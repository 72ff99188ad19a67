package dev.autodistill4j.curation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A huge metadata entry is refused when {@code metadata.json} is read (issue #19, curate inputs: "huge
 * entries"). The matcher walks, from every space of a text, as far as the span is a word prefix of some entry,
 * so one entry of 10,000 words made a 200 KB text line take 4.7 s, and a 64 MiB line against a 1 MiB entry would
 * take days. Real entries (WordNet synsets, Wikipedia titles; the fixture's longest is 71 characters, 9 words)
 * are far below the bounds.
 */
class MetadataLimitsTest {
    @TempDir
    Path tmp;

    @Test
    void entriesBeyondTheBoundsAreRefusedNamingTheElement() throws Exception {
        Path many = Files.writeString(tmp.resolve("many.json"), "[\"cat\", \"" + "a ".repeat(300).strip() + "\"]");
        assertThatThrownBy(() -> Metadata.load(many)).isInstanceOf(CurationException.class)
                .hasMessageContaining(many.toString()).hasMessageContaining("element 1").hasMessageContaining("300 words");
        Path longest = Files.writeString(tmp.resolve("long.json"), "[\"" + "x".repeat(5000) + "\"]");
        assertThatThrownBy(() -> Metadata.load(longest)).isInstanceOf(CurationException.class)
                .hasMessageContaining("element 0").hasMessageContaining("5000 characters");
        Path fine = Files.writeString(tmp.resolve("fine.json"), "[\"new york city\", \"" + "w ".repeat(
                256).strip() + "\"]");
        assertThat(Metadata.load(fine).size()).isEqualTo(2);
    }
}
