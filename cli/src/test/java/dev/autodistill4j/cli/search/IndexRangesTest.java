package dev.autodistill4j.cli.search;

import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.search.IndexSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21 item 4: the HNSW ranges are declared once in {@link IndexSettings}; the CLI derives its check from them,
 * so {@code --hnsw-m 1} is refused as a usage error before any model loads, not later by the library.
 */
class IndexRangesTest {
    @Test
    void hnswMOutsideTheLibraryRangeIsAUsageError() {
        CliRun r = CliRun.of("index", "--images", "/nonexistent", "--index", "/nonexistent-index", "--hnsw-m", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: ").contains("--hnsw-m")
                .contains("from " + IndexSettings.MIN_MAX_CONN + " to " + IndexSettings.MAX_MAX_CONN)
                .contains("(see: autodistill4j index --help)");
    }

    @Test
    void beamWidthOutsideTheLibraryRangeIsAUsageError() {
        CliRun r = CliRun.of("index", "--images", "/nonexistent", "--index", "/nonexistent-index",
                "--hnsw-ef-construction", String.valueOf(IndexSettings.MAX_BEAM_WIDTH + 1));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--hnsw-ef-construction").contains("to " + IndexSettings.MAX_BEAM_WIDTH)
                .contains("(see: autodistill4j index --help)");
    }
}
