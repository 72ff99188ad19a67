package dev.autodistill4j.bench.search;

import dev.autodistill4j.search.VectorSimilarity;
import dev.autodistill4j.search.IndexSettings;
import dev.autodistill4j.search.Quantization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's bookkeeping (recall against exact, one row per efSearch), not its speed. */
class VectorBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void measuresRecallAgainstExactSearchForEveryEfSearch() {
        SyntheticVectors data = new SyntheticVectors("clustered", 32, 7, 20, 0.6);
        List<VectorBenchmark.Row> rows = new ArrayList<>();
        new VectorBenchmark(null).run(new VectorBenchmark.Config(3000, 32, 50, 10,
                new IndexSettings(VectorSimilarity.DOT_PRODUCT, 16, 100, 100), List.of(10, 400), 7, true, 2), data,
                tmp.resolve("index"), rows::add);
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.vectors()).isEqualTo(3000);
            assertThat(r.recall()).isBetween(0.0, 1.0);
            assertThat(r.p95Millis()).isGreaterThanOrEqualTo(r.p50Millis());
        });
        // exploring 400 candidates of 3000 clustered points finds (nearly) all true neighbours
        assertThat(rows.get(1).recall()).isGreaterThanOrEqualTo(0.98);
        assertThat(rows.get(1).recall()).isGreaterThanOrEqualTo(rows.get(0).recall());
    }

    @Test
    void measuresEveryQuantisationInOneRunWithItsFootprint() {
        SyntheticVectors data = new SyntheticVectors("clustered", 64, 3, 20, 0.6);
        List<VectorBenchmark.Row> rows = new ArrayList<>();
        new VectorBenchmark(null).run(new VectorBenchmark.Config(2000, 64, 40, 10,
                new IndexSettings(VectorSimilarity.DOT_PRODUCT, 16, 100, 100), List.of(100), 3, true, 2,
                List.of(Quantization.NONE, Quantization.INT4), List.of(5.0, 0.0), 16), data, tmp.resolve("w"), rows::add);
        // float: one row (nothing to rescore); int4: one row per oversample factor
        assertThat(rows).extracting(VectorBenchmark.Row::quantization).containsExactly("none", "int4", "int4");
        assertThat(rows).extracting(VectorBenchmark.Row::oversample).containsExactly(0.0, 5.0, 0.0);
        assertThat(rows).extracting(VectorBenchmark.Row::buildThreads).containsOnly(2);
        VectorBenchmark.Row none = rows.get(0);
        VectorBenchmark.Row rescored = rows.get(1);
        VectorBenchmark.Row raw = rows.get(2);
        assertThat(none.diskBytes()).doesNotContainKey("veq");
        // 4-bit codes packed two per byte plus Lucene 10's optimized-scalar-quantisation corrections (lower and
        // upper interval, an additional correction, the code sum: 16 bytes): (64 / 2 + 16) bytes a vector
        long veq = rescored.diskBytes().get("veq");
        assertThat(veq).isBetween(2000L * 48, 2000L * 48 + 4096);
        assertThat(rescored.diskBytes().get("total")).isGreaterThan(none.diskBytes().get("total"));
        assertThat(rescored.recall()).isGreaterThanOrEqualTo(0.95).isGreaterThanOrEqualTo(raw.recall());
        assertThat(tmp.resolve("w/none")).doesNotExist(); // each setting's index is removed after measuring
    }

    @Test
    void syntheticVectorsAreUnitLengthAndReproducible() {
        for (String kind : new String[] {"random", "clustered"}) {
            SyntheticVectors a = new SyntheticVectors(kind, 64, 1, 10, 0.5);
            SyntheticVectors b = new SyntheticVectors(kind, 64, 1, 10, 0.5);
            for (int i = 0; i < 20; i++) {
                float[] v = a.vector(i);
                assertThat(v).containsExactly(b.vector(i));
                double n = 0;
                for (float x : v) {
                    n += x * x;
                }
                assertThat(n).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            }
            assertThat(a.query(0)).isNotEqualTo(a.vector(0));
        }
        assertThat(VectorBenchmark.percentile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2);
        assertThat(VectorBenchmark.percentile(new double[] {1, 2, 3, 4}, 0.95)).isEqualTo(4);
    }
}
