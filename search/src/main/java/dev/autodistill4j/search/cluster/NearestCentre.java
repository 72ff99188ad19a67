package dev.autodistill4j.search.cluster;

import org.apache.lucene.util.VectorUtil;

/**
 * k-means' assignment step, its hot loop (points × centres × dimensions per iteration): each point's nearest centre
 * by squared Euclidean distance, computed by Lucene's {@link VectorUtil#squareDistance} on float copies of the
 * centres. With the Vector API module present that is Lucene's SIMD code, else Lucene's scalar loop; measured on
 * 512-d unit vectors it is ~10× faster than {@link KMeans#squaredDistance}'s double loop (which the JIT cannot
 * vectorise: a double sum must keep its order). Float sums round differently from the double reference, so two
 * centres closer than ~1e-6 in distance may swap; {@code NearestCentreTest} checks every other point's centre is
 * the reference's. Public for {@code bench-simd}.
 */
public final class NearestCentre {
    private final float[][] centres;

    public NearestCentre(double[][] centres) {
        this.centres = new float[centres.length][];
        for (int c = 0; c < centres.length; c++) {
            float[] f = new float[centres[c].length];
            for (int j = 0; j < f.length; j++) {
                f[j] = (float) centres[c][j];
            }
            this.centres[c] = f;
        }
    }

    /** The index of the centre nearest to {@code point} (the lowest index on a tie). */
    public int of(float[] point) {
        int best = 0;
        float bestD = Float.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            float d = VectorUtil.squareDistance(point, centres[c]);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** The scalar reference: the nearest centre by {@link KMeans#squaredDistance}'s double loop. */
    public static int reference(float[] point, double[][] centres) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int c = 0; c < centres.length; c++) {
            double d = KMeans.squaredDistance(point, centres[c]);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }
}
