package dev.autodistill4j.api.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #26 item 9: a self-match is 1, never 1.000000007; cosines stay in [-1, 1]. */
class EmbeddingsTest {
    @Test
    void cosinesAreClampedToMinusOneToOne() {
        Random random = new Random(7);
        int above = 0;
        for (int trial = 0; trial < 2000; trial++) {
            float[] v = new float[512];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            float[] minus = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                minus[i] = -v[i];
            }
            double self = Embeddings.cosine(v, v);
            assertThat(self).isBetween(-1.0, 1.0);
            assertThat(Embeddings.cosine(v, minus)).isBetween(-1.0, 1.0);
            float[][] m = Embeddings.cosineMatrix(List.of(v), List.of(v, minus));
            assertThat(m[0][0]).isBetween(-1f, 1f);
            assertThat(m[0][1]).isBetween(-1f, 1f);
            double raw = Embeddings.dot(v, v) / (Embeddings.norm(v) * Embeddings.norm(v));
            above += raw > 1 ? 1 : 0;
        }
        assertThat(above).as("vectors whose unclamped self-cosine exceeds 1 (what the test must cover)").isPositive();
    }
}
