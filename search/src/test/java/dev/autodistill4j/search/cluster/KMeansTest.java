package dev.autodistill4j.search.cluster;

import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.search.SearchIndexException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class KMeansTest {

    /** {@code k} tight blobs of unit vectors around random directions; label i = i % k. */
    static float[][] blobs(int k, int perBlob, int dim, double spread, long seed) {
        Random r = new Random(seed);
        float[][] centres = new float[k][dim];
        for (float[] c : centres) {
            for (int j = 0; j < dim; j++) {
                c[j] = (float) r.nextGaussian();
            }
        }
        float[][] pts = new float[k * perBlob][];
        for (int i = 0; i < pts.length; i++) {
            float[] p = new float[dim];
            for (int j = 0; j < dim; j++) {
                p[j] = (float) (Embeddings.normalize(centres[i % k])[j] + spread * r.nextGaussian());
            }
            pts[i] = Embeddings.normalize(p);
        }
        return pts;
    }

    @Test
    void recoversWellSeparatedClustersExactly() {
        float[][] pts = blobs(6, 20, 16, 0.03, 1);
        KMeans.Result r = new KMeans(5, 100, 42).fit(pts, 6);
        for (int i = 0; i < pts.length; i++) {
            for (int j = 0; j < pts.length; j++) {
                assertThat(r.assignments()[i] == r.assignments()[j]).isEqualTo(i % 6 == j % 6);
            }
        }
        Set<Integer> used = new HashSet<>();
        for (int a : r.assignments()) {
            used.add(a);
        }
        assertThat(used).hasSize(6);
    }

    @Test
    void sameSeedSameResultAndRestartsNeverWorse() {
        float[][] pts = blobs(8, 15, 12, 0.4, 3);
        KMeans.Result a = new KMeans(4, 50, 7).fit(pts, 8);
        KMeans.Result b = new KMeans(4, 50, 7).fit(pts, 8);
        assertThat(a.assignments()).containsExactly(b.assignments());
        assertThat(a.inertia()).isEqualTo(b.inertia());
        KMeans.Result many = new KMeans(10, 50, 7).fit(pts, 8);
        // the first 4 restarts of a 10-restart run are the 4 restarts above (split streams), so more can't be worse
        assertThat(many.inertia()).isLessThanOrEqualTo(a.inertia());
    }

    @Test
    void silhouettePrefersTheTrueNumberOfClusters() {
        float[][] pts = blobs(4, 25, 10, 0.05, 5);
        double best = Double.NEGATIVE_INFINITY;
        int bestK = -1;
        for (int k = 2; k <= 8; k++) {
            KMeans.Result r = new KMeans(3, 100, 1).fit(pts, k);
            double s = Silhouette.score(pts, r.assignments(), k, 1000, 1);
            if (s > best) {
                best = s;
                bestK = k;
            }
        }
        assertThat(bestK).isEqualTo(4);
        assertThat(best).isGreaterThan(0.8);
    }

    @Test
    void silhouetteDistanceIsTheDoubleCosineDistance() {
        float[][] pts = blobs(5, 20, 512, 0.5, 9);
        for (int i = 0; i < pts.length; i += 7) {
            for (int j = 0; j < pts.length; j += 3) {
                assertThat(Silhouette.distance(pts[i], pts[j]))
                        .isCloseTo(Silhouette.distanceReference(pts[i], pts[j]), within(1e-5));
            }
        }
    }

    @Test
    void refusesImpossibleK() {
        assertThatThrownBy(() -> new KMeans(1, 10, 1).fit(blobs(2, 2, 3, 0.1, 1), 5))
                .isInstanceOf(SearchIndexException.class).hasMessageContaining("between 1 and 4");
    }
}
