package dev.autodistill4j.search.cluster;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NearestCentre} (Lucene's float {@code squareDistance}, SIMD in the test JVM) against the double-precision
 * scalar reference {@link KMeans#squaredDistance}: every point whose two nearest centres are more than 1e-4 apart
 * gets the reference's centre, on blobs of 512-d unit vectors (CLIP's size), odd dimensions (the SIMD loop's tail)
 * and spread-out points with many near choices; the near ties left out are counted and must be rare.
 */
class NearestCentreTest {

    @ParameterizedTest(name = "k={0} dim={1} spread={2}")
    @CsvSource({"20,512,0.3", "50,512,1.5", "7,3,0.5", "13,37,0.8", "64,768,2.0", "1,512,0.3"})
    void everyPointGetsTheReferencesNearestCentre(int k, int dim, double spread) {
        float[][] points = KMeansTest.blobs(k, 40, dim, spread, k * 31L + dim);
        double[][] centres = new double[k][];
        Random r = new Random(dim);
        for (int c = 0; c < k; c++) {
            float[] p = points[r.nextInt(points.length)];
            centres[c] = new double[dim];
            for (int j = 0; j < dim; j++) {
                centres[c][j] = p[j] + 0.01 * r.nextGaussian(); // mean-like centres: not exactly a point
            }
        }
        NearestCentre nearest = new NearestCentre(centres);
        int compared = 0;
        for (float[] p : points) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            double second = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                double d = KMeans.squaredDistance(p, centres[c]);
                if (d < bestD) {
                    second = bestD;
                    bestD = d;
                    best = c;
                } else if (d < second) {
                    second = d;
                }
            }
            if (second - bestD > 1e-4) {
                assertThat(nearest.of(p)).isEqualTo(best).isEqualTo(NearestCentre.reference(p, centres));
                compared++;
            }
        }
        assertThat(compared).as("points without a near tie").isGreaterThan(points.length * 9 / 10);
    }
}
