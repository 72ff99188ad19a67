package dev.autodistill4j.runtime.zeroshot;

/**
 * The softmax every embedding classifier of the runtime uses (caption prompts, example images), written once so
 * the temperature and its numerics cannot drift between ontology kinds: the maximum is subtracted in double
 * precision before {@code exp}, so large logit scales (CLIP's 100) never overflow.
 */
public final class Softmax {
    private Softmax() {
    }

    /** {@code exp(l - max) / sum}, computed in double precision, one probability per logit. */
    public static float[] of(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[e.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }
}
