package dev.autodistill4j.search;

import java.util.SplittableRandom;

/**
 * Reproducible clustered unit vectors for the quantisation tests: points scattered around random centres, like
 * real embeddings. The same stream as the {@code bench} module's {@code SyntheticVectors("clustered", …)} (this
 * module cannot depend on {@code bench}, which depends on it), so the thresholds below were measured on the data
 * the benchmark reports.
 */
final class ClusteredVectors {
    private final int dim;
    private final long seed;
    private final float[][] centres;
    private final double spread;

    ClusteredVectors(int dim, long seed, int clusters, double spread) {
        this.dim = dim;
        this.seed = seed;
        this.spread = spread;
        this.centres = new float[clusters][];
        SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (int c = 0; c < clusters; c++) {
            centres[c] = gaussianUnit(r, dim);
        }
    }

    /** Vector {@code i} of the data set (query vectors use a disjoint range of i). */
    float[] vector(long i) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        float[] c = centres[r.nextInt(centres.length)];
        float[] v = new float[dim];
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            v[j] = (float) (c[j] + spread * gaussian(r) / Math.sqrt(dim));
            norm += (double) v[j] * v[j];
        }
        return scale(v, norm);
    }

    /** Query {@code q}: drawn from the same distribution, never equal to a data vector. */
    float[] query(int q) {
        return vector(Long.MAX_VALUE / 2 + q);
    }

    private static float[] gaussianUnit(SplittableRandom r, int dim) {
        float[] v = new float[dim];
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            v[j] = (float) gaussian(r);
            norm += (double) v[j] * v[j];
        }
        return scale(v, norm);
    }

    private static float[] scale(float[] v, double squaredNorm) {
        double n = Math.sqrt(squaredNorm);
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) (v[j] / n);
        }
        return v;
    }

    /** Box–Muller; SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}
