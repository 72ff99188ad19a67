package dev.autodistill4j.runtime.label;

import dev.autodistill4j.datasets.ManifestRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary counts of a labelling run, kept from its manifest records — one definition for the local
 * {@link LabelRunner} and the Spark label job, so both count a dataset the same way.
 */
public final class LabelTally {
    private int images;
    private int labelled;
    private int unlabeled;
    private int failed;
    private final Map<String, Integer> perClass = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> perSplit = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    /** Counts one manifest record: failed (with its error), unlabeled, or labelled per class and split. */
    public void add(ManifestRecord r) {
        images++;
        if (r.isError()) {
            failed++;
            errors.put(r.source(), r.error());
        } else if (r.isUnlabeled()) {
            unlabeled++;
        } else {
            labelled++;
            perClass.merge(r.className(), 1, Integer::sum);
            perSplit.computeIfAbsent(r.split(), s -> new LinkedHashMap<>()).merge(r.className(), 1, Integer::sum);
        }
    }

    /**
     * The summary of the records counted, plus {@code unrecorded} failed images that left no record (their errors,
     * source → error, in {@code unrecordedErrors}).
     */
    public LabelSummary summary(String output, int resumed, int unrecorded, Map<String, String> unrecordedErrors) {
        Map<String, String> allErrors = new LinkedHashMap<>(errors);
        allErrors.putAll(unrecordedErrors);
        return new LabelSummary(output, images + unrecorded, labelled, unlabeled, failed + unrecorded, resumed,
                perClass, perSplit, allErrors);
    }

    /** The summary of the records counted. */
    public LabelSummary summary(String output) {
        return summary(output, 0, 0, Map.of());
    }
}
