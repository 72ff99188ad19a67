package dev.autodistill4j.bench.curation;

import dev.autodistill4j.curation.CurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rows {@code bench-curate} prints (names, fields, counts), not its speed. */
class CurationBenchTest {
    @TempDir
    Path tmp;

    @Test
    void matchReferenceAndTableRowsCarryTheirFields() throws Exception {
        Path metadata = Files.writeString(tmp.resolve("metadata.json"), "[\"red circle\", \"star\", \"blue\"]");
        Path texts = Files.writeString(tmp.resolve("texts.jsonl"),
                "{\"text\": \"a red circle on blue\"}\n\n{\"text\": \"a star\"}\n{\"other\": 1}\n");
        List<Map<String, Object>> rows = new ArrayList<>();
        CurationBench.run(new CurationBench.Config(metadata, texts, 2000, 0.01, 2), rows::add);
        assertThat(rows).extracting(r -> r.get("bench"))
                .containsExactly("match", "match", "reference-loop-java", "table", "match-synthetic");
        Map<String, Object> one = rows.get(0);
        assertThat(one.keySet()).containsExactly("bench", "entries", "threads", "texts", "seconds", "texts_per_s",
                "texts_per_s_per_core", "vs_reference_per_core", "texts_per_cpu_s", "vs_reference_per_cpu_s",
                "reference", "cpu");
        assertThat(one.get("entries")).isEqualTo(3);
        assertThat((long) one.get("texts")).isPositive();
        assertThat(rows.get(1).get("threads")).isEqualTo(2);
        assertThat(rows.get(2)).containsKeys("matcher_speedup", "matcher_speedup_per_cpu_s");
        assertThat(rows.get(3).keySet()).containsExactly("bench", "entries", "build_s", "table_mib",
                "heap_added_mib", "entry_strings_mib");
        assertThat(rows.get(3).get("entries")).isEqualTo(2000);
    }

    @Test
    void metadataWithoutTextsIsAUserError() {
        assertThatThrownBy(() -> CurationBench.run(new CurationBench.Config(tmp.resolve("m.json"), null, 0, 1, 1),
                r -> { })).isInstanceOf(CurationException.class)
                .hasMessageContaining("give both `metadata` and `texts`");
    }

    @Test
    void syntheticEntriesAreDistinctAndReproducible() {
        List<String> a = MatcherBenchmark.syntheticEntries(500, 42);
        assertThat(a).hasSize(500).doesNotHaveDuplicates().isEqualTo(MatcherBenchmark.syntheticEntries(500, 42));
    }
}
