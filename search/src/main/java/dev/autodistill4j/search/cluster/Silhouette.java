package dev.autodistill4j.search.cluster;

import org.apache.lucene.util.VectorUtil;

import java.util.SplittableRandom;

/**
 * Mean silhouette coefficient (cosine distance on unit vectors, i.e. 1 − dot), the score {@code --k auto}
 * maximises. Exact silhouette is O(n²), so above {@code sampleSize} points a seeded random sample is scored.
 */
public final class Silhouette {
    private Silhouette() {
    }

    public static double score(float[][] points, int[] assign, int k, int sampleSize, long seed) {
        int n = points.length;
        int[] sample;
        if (n <= sampleSize) {
            sample = new int[n];
            for (int i = 0; i < n; i++) {
                sample[i] = i;
            }
        } else {
            SplittableRandom r = new SplittableRandom(seed);
            sample = r.ints(0, n).distinct().limit(sampleSize).toArray();
        }
        double total = 0;
        for (int i : sample) {
            double[] sum = new double[k];
            int[] count = new int[k];
            for (int j : sample) {
                if (j == i) {
                    continue;
                }
                sum[assign[j]] += distance(points[i], points[j]);
                count[assign[j]]++;
            }
            int own = assign[i];
            if (count[own] == 0) {
                continue; // a singleton's silhouette is 0 by convention
            }
            double a = sum[own] / count[own];
            double b = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                if (c != own && count[c] > 0) {
                    b = Math.min(b, sum[c] / count[c]);
                }
            }
            if (b == Double.MAX_VALUE) {
                continue;
            }
            double m = Math.max(a, b);
            total += m == 0 ? 0 : (b - a) / m;
        }
        return total / sample.length;
    }

    /**
     * Cosine distance of unit vectors, the O(sample²) loop: Lucene's {@link VectorUtil#dotProduct} (SIMD with the
     * Vector API module; a float sum, within ~1e-6 of {@link #distanceReference}'s double one).
     */
    public static double distance(float[] a, float[] b) {
        return 1 - (double) VectorUtil.dotProduct(a, b);
    }

    /** The scalar reference of {@link #distance}: the dot product summed in double precision, in order. */
    public static double distanceReference(float[] a, float[] b) {
        double dot = 0;
        for (int j = 0; j < a.length; j++) {
            dot += (double) a[j] * b[j];
        }
        return 1 - dot;
    }
}
