package dev.autodistill4j.bench.simd;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rows {@code bench-simd} prints (loops, agreement with the scalar references), not its speed. */
class SimdBenchTest {
    @Test
    void everyLoopIsMeasuredAndAgreesWithItsScalarReference() {
        List<SimdBench.Row> rows = new ArrayList<>();
        SimdBench.run(new SimdBench.Config(0.02), rows::add);
        assertThat(rows).extracting(SimdBench.Row::loop).containsExactly("pillow bicubic resize + crop",
                "pillow bicubic resize + crop", "pillow bicubic resize + crop", "ToTensor + Normalize",
                "k-means assignment", "silhouette cosine distances");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.identical()).as(r.loop() + " " + r.shape()).isTrue();
            assertThat(r.scalarMs()).isPositive();
            assertThat(r.vectorMs()).isPositive();
            assertThat(r.ratio()).isEqualTo(r.scalarMs() / r.vectorMs());
        });
        assertThat(rows.get(4).vectorCode()).isEqualTo("Lucene PanamaVectorUtilSupport");
    }
}
