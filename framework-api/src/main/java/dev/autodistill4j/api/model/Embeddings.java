package dev.autodistill4j.api.model;

import java.util.List;

/** Vector arithmetic on embeddings, in double precision so results do not depend on summation order. */
public final class Embeddings {
    private Embeddings() {
    }

    public static double dot(float[] a, float[] b) {
        requireSameLength(a, b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    public static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Unit-length copy of {@code a}; a zero vector stays zero rather than becoming NaN. */
    public static float[] normalize(float[] a) {
        double n = norm(a);
        float[] out = new float[a.length];
        if (n == 0) {
            return out;
        }
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (a[i] / n);
        }
        return out;
    }

    /**
     * Cosine similarity, clamped to [-1, 1]: rounding lets a vector's similarity with itself come out as
     * 1.000000007, which no reader of a cosine expects.
     */
    public static double cosine(float[] a, float[] b) {
        double na = norm(a);
        double nb = norm(b);
        if (na == 0 || nb == 0) {
            return 0;
        }
        return clamp(dot(a, b) / (na * nb));
    }

    private static double clamp(double cosine) {
        return Math.max(-1.0, Math.min(1.0, cosine));
    }

    public static float[][] cosineMatrix(List<float[]> a, List<float[]> b) {
        float[][] nb = b.stream().map(Embeddings::normalize).toArray(float[][]::new);
        float[][] out = new float[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            float[] na = normalize(a.get(i));
            for (int j = 0; j < nb.length; j++) {
                out[i][j] = (float) clamp(dot(na, nb[j]));
            }
        }
        return out;
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "embeddings have different dimensions (" + a.length + " vs " + b.length
                            + "): compare embeddings made by the same model");
        }
    }
}
