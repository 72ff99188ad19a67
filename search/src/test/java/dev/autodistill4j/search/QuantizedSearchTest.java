package dev.autodistill4j.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scalar-quantised HNSW: recall with float rescoring, the recorded format, conversion of an existing index. */
class QuantizedSearchTest {
    private static final int DIM = 128;
    private static final int VECTORS = 4000;
    private static final int QUERIES = 100;

    @TempDir
    Path tmp;

    private final ClusteredVectors data = new ClusteredVectors(DIM, 11, 80, 0.6);

    private Path build(String name, IndexSettings settings) {
        return build(name, settings, VECTORS);
    }

    private Path build(String name, IndexSettings settings, int vectors) {
        Path dir = tmp.resolve(name);
        try (SearchIndexWriter idx = SearchIndexWriter.open(dir, new IndexedModel("bench:clustered", null, DIM),
                settings)) {
            for (int i = 0; i < vectors; i++) {
                idx.put(new IndexedImage(null, "/v/" + i, 0, 0, "", data.vector(i)));
            }
            idx.commit();
        }
        return dir;
    }

    /** Share of queries whose HNSW top-10 is exactly the brute-force top-10 (as a set). */
    private static double exactTop10Share(SearchIndex idx, ClusteredVectors data) {
        int same = 0;
        for (int q = 0; q < QUERIES; q++) {
            float[] query = data.query(q);
            if (paths(idx.search(query, 10)).equals(paths(idx.searchExact(query, 10)))) {
                same++;
            }
        }
        return same / (double) QUERIES;
    }

    private static Set<String> paths(List<SearchHit> hits) {
        Set<String> s = new HashSet<>();
        hits.forEach(h -> s.add(h.path()));
        return s;
    }

    /** Largest |HNSW score − exact score| over the top 10 of some queries, with rescoring off. */
    private static double rawScoreError(SearchIndex idx, ClusteredVectors data) {
        idx.setOversample(0);
        double worst = 0;
        for (int q = 0; q < 20; q++) {
            float[] query = data.query(q);
            for (SearchHit h : idx.search(query, 10)) {
                double exact = 0;
                float[] v = data.vector(Long.parseLong(h.path().substring("/v/".length())));
                for (int j = 0; j < DIM; j++) {
                    exact += (double) query[j] * v[j];
                }
                worst = Math.max(worst, Math.abs(h.score() - exact));
            }
        }
        idx.setOversample(SearchIndex.DEFAULT_OVERSAMPLE);
        return worst;
    }

    @ParameterizedTest
    @EnumSource(value = Quantization.class, names = {"INT7", "INT4", "BBQ"})
    void quantisedSearchWithRescoringReturnsTheExactTop10ForAtLeast95PercentOfQueries(Quantization q) {
        Path dir = build("idx-" + q, IndexSettings.DEFAULTS.withQuantization(q));
        try (SearchIndex idx = SearchIndex.open(dir)) {
            assertThat(idx.settings().quantization()).isEqualTo(q);
            assertThat(idx.size()).isEqualTo(VECTORS);
            assertThat(exactTop10Share(idx, data)).isGreaterThanOrEqualTo(0.95);
            // rescored scores are the exact cosines, so the best hit's score matches the exact scan's
            float[] query = data.query(0);
            assertThat(idx.search(query, 1).get(0).score())
                    .isCloseTo(idx.searchExact(query, 1).get(0).score(), org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void theRecordedFormatIsReallyQuantisedAndFloatIsExact() {
        Path none = build("none", IndexSettings.DEFAULTS.withQuantization(Quantization.NONE));
        Path int7 = build("int7", IndexSettings.DEFAULTS.withQuantization(Quantization.INT7));
        Path int4 = build("int4", IndexSettings.DEFAULTS.withQuantization(Quantization.INT4));
        double eNone;
        double e7;
        double e4;
        try (SearchIndex a = SearchIndex.open(none); SearchIndex b = SearchIndex.open(int7);
             SearchIndex c = SearchIndex.open(int4)) {
            eNone = rawScoreError(a, data);
            e7 = rawScoreError(b, data);
            e4 = rawScoreError(c, data);
        }
        assertThat(eNone).isLessThan(1e-5);
        assertThat(e7).isGreaterThan(1e-5).isLessThan(0.05);
        assertThat(e4).isGreaterThan(e7);
    }

    @Test
    void aFloatIndexConvertsToInt7AndBackWithoutReembedding() {
        Path dir = build("float", new IndexSettings(VectorSimilarity.DOT_PRODUCT, 16, 100, 100));
        double floatShare;
        try (SearchIndex idx = SearchIndex.open(dir)) {
            assertThat(idx.settings().quantization()).isEqualTo(Quantization.NONE);
            floatShare = exactTop10Share(idx, data);
        }
        IndexedModel model = new IndexedModel("bench:clustered", null, DIM);
        try (SearchIndexWriter idx = SearchIndexWriter.open(dir, model, IndexSettings.DEFAULTS)) {
            idx.delete("/v/0"); // pending work is committed first and survives the rewrite
            assertThat(idx.convert(Quantization.INT7)).isTrue();
            assertThat(idx.convert(Quantization.INT7)).isFalse();
            assertThat(idx.settings().quantization()).isEqualTo(Quantization.INT7);
        }
        try (SearchIndex idx = SearchIndex.open(dir)) {
            assertThat(idx.settings().quantization()).isEqualTo(Quantization.INT7);
            assertThat(idx.size()).isEqualTo(VECTORS - 1);
            assertThat(idx.byPath("/v/0")).isEmpty();
            assertThat(rawScoreError(idx, data)).isGreaterThan(1e-5);
            assertThat(exactTop10Share(idx, data)).isGreaterThanOrEqualTo(Math.min(0.95, floatShare));
        }
        try (SearchIndexWriter idx = SearchIndexWriter.open(dir, model, IndexSettings.DEFAULTS)) {
            assertThat(idx.settings().quantization()).isEqualTo(Quantization.INT7); // the index keeps its own
            idx.put(new IndexedImage(null, "/v/0", 0, 0, "", data.vector(0))); // new segments get int7 too
            assertThat(idx.convert(Quantization.NONE)).isTrue();
        }
        try (SearchIndex idx = SearchIndex.open(dir)) {
            assertThat(idx.settings().quantization()).isEqualTo(Quantization.NONE);
            assertThat(idx.size()).isEqualTo(VECTORS);
            assertThat(rawScoreError(idx, data)).isLessThan(1e-5);
        }
    }

    @Test
    void indexesFromBeforeQuantisationReadAsFloatAndBadValuesAreRefused() {
        Map<String, String> old = Map.of("index.similarity", "dot_product", "index.hnswM", "16",
                "index.hnswBeamWidth", "100", "index.efSearch", "100");
        assertThat(IndexFormat.settingsOf(old).quantization()).isEqualTo(Quantization.NONE);
        assertThat(Quantization.parse(" INT4 ")).isEqualTo(Quantization.INT4);
        assertThatThrownBy(() -> Quantization.parse("int8")).isInstanceOf(SearchIndexException.class)
                .hasMessageContaining("int8").hasMessageContaining("none").hasMessageContaining("int7");
        try (SearchIndex idx = SearchIndex.open(build("o", IndexSettings.DEFAULTS, 50))) {
            assertThatThrownBy(() -> idx.setOversample(0.5)).isInstanceOf(SearchIndexException.class)
                    .hasMessageContaining("oversample");
        }
    }
}
