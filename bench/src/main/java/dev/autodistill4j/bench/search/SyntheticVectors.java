package dev.autodistill4j.bench.search;

import java.util.SplittableRandom;

/**
 * Reproducible synthetic unit vectors, generated on demand from (seed, index) so a million 512-d vectors never
 * need to sit in memory at once: the index build and the exact ground truth each regenerate the same stream.
 *
 * <p>{@code random}: isotropic Gaussian directions, the hardest case for graph search (no structure).
 * {@code clustered}: points scattered around {@code clusters} random centres, closer to real embeddings, where
 * neighbours are meaningful.
 */
public final class SyntheticVectors {
    private final String kind;
    private final int dim;
    private final long seed;
    private final float[][] centres;
    private final double spread;

    public SyntheticVectors(String kind, int dim, long seed, int clusters, double spread) {
        if (!kind.equals("random") && !kind.equals("clustered")) {
            throw new IllegalArgumentException("dataset must be random or clustered, got " + kind);
        }
        this.kind = kind;
        this.dim = dim;
        this.seed = seed;
        this.spread = spread;
        this.centres = kind.equals("clustered") ? new float[clusters][] : null;
        if (centres != null) {
            SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
            for (int c = 0; c < clusters; c++) {
                centres[c] = gaussianUnit(r, dim);
            }
        }
    }

    public String kind() {
        return kind;
    }

    /** Vector {@code i} of the data set (query vectors use a disjoint range of i). */
    public float[] vector(long i) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        if (centres == null) {
            return gaussianUnit(r, dim);
        }
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
    public float[] query(int q) {
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
