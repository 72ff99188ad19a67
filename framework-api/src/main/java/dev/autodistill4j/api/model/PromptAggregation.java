package dev.autodistill4j.api.model;

/**
 * How the probabilities of several prompts that share one class become one class score.
 *
 * <p>Default {@link #SUM}: the softmax over all prompts is a distribution over prompts, and a class is the
 * event "any of its prompts"; summing keeps the class scores a distribution (they add to 1). {@link #MAX}
 * takes the best prompt; {@link #MEAN} averages (scores then no longer sum to 1).
 */
public enum PromptAggregation {
    SUM, MAX, MEAN;

    /** Combines a prompt-level distribution into class scores, given each prompt's class id. */
    public float[] combine(float[] promptScores, int[] promptClassIds, int classCount) {
        float[] out = new float[classCount];
        int[] counts = new int[classCount];
        if (this == MAX) {
            java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
        }
        for (int p = 0; p < promptScores.length; p++) {
            int c = promptClassIds[p];
            counts[c]++;
            out[c] = this == MAX ? Math.max(out[c], promptScores[p]) : out[c] + promptScores[p];
        }
        if (this == MEAN) {
            for (int c = 0; c < classCount; c++) {
                out[c] = counts[c] == 0 ? 0 : out[c] / counts[c];
            }
        }
        return out;
    }
}
