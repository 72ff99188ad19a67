package dev.autodistill4j.onnx.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the int8 self-check measured on a sample of the user's images, against the fp32 export of the same
 * checkpoint (which matches PyTorch within float rounding), and whether that passes the documented thresholds.
 *
 * @param images       images compared
 * @param prompts      prompts the top-1 agreement is over (0: no ontology, agreement not measured)
 * @param agreement    share of images whose top-1 prompt is the same under int8 and fp32, or NaN without prompts
 * @param meanCosine   mean cosine between each image's int8 and fp32 embedding
 * @param minCosine    the lowest of those cosines
 */
public record Int8Check(int images, int prompts, double agreement, double meanCosine, double minCosine) {
    /** Top-1 agreement below this refuses int8: more than 1 image in 20 would change class. */
    public static final double MIN_AGREEMENT = 0.95;
    /** Mean embedding cosine below this refuses int8 (well-behaved checkpoints give over 0.99). */
    public static final double MIN_MEAN_COSINE = 0.98;
    /** One image's embedding cosine below this refuses int8 (an image int8 gets badly wrong). */
    public static final double MIN_COSINE = 0.90;

    /** Whether every measured number meets its threshold. */
    public boolean passed() {
        return (prompts == 0 || agreement >= MIN_AGREEMENT) && meanCosine >= MIN_MEAN_COSINE
                && minCosine >= MIN_COSINE;
    }

    /** One line for stderr: the numbers and their thresholds. */
    public String describe() {
        String top1 = prompts == 0 ? "top-1 agreement not measured (no ontology)"
                : String.format(Locale.ROOT, "top-1 agreement %.4f (needs >= %.2f, over %d prompts)", agreement,
                MIN_AGREEMENT, prompts);
        return String.format(Locale.ROOT, "int8 self-check on %d images vs fp32: %s; embedding cosine mean %.5f "
                + "(needs >= %.2f), min %.5f (needs >= %.2f): %s", images, top1, meanCosine, MIN_MEAN_COSINE,
                minCosine, MIN_COSINE, passed() ? "passed" : "FAILED");
    }

    /** For {@code run.json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", images);
        m.put("prompts", prompts);
        m.put("top1_agreement", prompts == 0 ? null : agreement);
        m.put("mean_cosine", meanCosine);
        m.put("min_cosine", minCosine);
        m.put("min_top1_agreement", MIN_AGREEMENT);
        m.put("min_mean_cosine", MIN_MEAN_COSINE);
        m.put("min_cosine_threshold", MIN_COSINE);
        m.put("passed", passed());
        return m;
    }
}
