package dev.autodistill4j.api.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer for one image: the full per-class distribution and the classes kept above a threshold.
 *
 * <p>Unlike autodistill's sv.Classifications, the distribution and the top-1 are never lost, even when no
 * class passes the threshold, so the manifest can always record what the model thought.
 *
 * @param classes      the ontology's classes, indexed by class id
 * @param distribution probability per class id (sums to ~1 for softmax models)
 * @param classIds     ids of the classes whose probability is &gt; the threshold, most probable first
 * @param confidences  their probabilities, aligned with {@code classIds}
 */
public record Classifications(List<String> classes, float[] distribution, int[] classIds, float[] confidences) {

    public Classifications {
        classes = List.copyOf(classes);
        if (distribution.length != classes.size()) {
            throw new IllegalArgumentException("distribution has " + distribution.length + " entries for "
                    + classes.size() + " classes");
        }
        if (classIds.length != confidences.length) {
            throw new IllegalArgumentException("classIds and confidences differ in length");
        }
        FiniteValues.require(distribution, "the class distribution " + classes);
    }

    /** Keeps classes with probability strictly above {@code confidence}, sorted most probable first. */
    public static Classifications fromDistribution(List<String> classes, float[] distribution, double confidence) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < distribution.length; i++) {
            if (distribution[i] > confidence) {
                kept.add(i);
            }
        }
        kept.sort((x, y) -> Float.compare(distribution[y], distribution[x]));
        int[] ids = kept.stream().mapToInt(Integer::intValue).toArray();
        float[] conf = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            conf[i] = distribution[ids[i]];
        }
        return new Classifications(classes, distribution.clone(), ids, conf);
    }

    /** True when at least one class passed the threshold. */
    public boolean hasLabel() {
        return classIds.length > 0;
    }

    /** The most probable class id overall (regardless of the threshold). */
    public int topClassId() {
        int best = 0;
        for (int i = 1; i < distribution.length; i++) {
            if (distribution[i] > distribution[best]) {
                best = i;
            }
        }
        return best;
    }

    public String topClass() {
        return classes.get(topClassId());
    }

    public float topConfidence() {
        return distribution[topClassId()];
    }

    /** Class name → probability, in class order. */
    public Map<String, Float> scores() {
        Map<String, Float> m = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            m.put(classes.get(i), distribution[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Classifications c && classes.equals(c.classes)
                && Arrays.equals(distribution, c.distribution) && Arrays.equals(classIds, c.classIds)
                && Arrays.equals(confidences, c.confidences);
    }

    @Override
    public int hashCode() {
        return classes.hashCode() * 31 + Arrays.hashCode(distribution);
    }

    @Override
    public String toString() {
        return "Classifications{top=" + topClass() + " (" + topConfidence() + "), kept=" + Arrays.toString(classIds)
                + "}";
    }
}
