package dev.autodistill4j.search.bench;

import dev.autodistill4j.search.IndexSettings;
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
                new IndexSettings("dot_product", 16, 100, 100), List.of(10, 400), 7, true, 2), data,
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
