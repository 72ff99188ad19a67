package dev.autodistill4j.runtime.label;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a label() run, counting every record of the manifest (earlier, resumed runs included).
 *
 * @param output    dataset root
 * @param images    input images found
 * @param labelled  images now in a split/class folder
 * @param unlabeled images no class passed the threshold for (in {@code unlabeled/})
 * @param failed    unreadable images (each with an error in the manifest)
 * @param resumed   images already done by an earlier run and skipped this time
 * @param perClass  class → labelled images
 * @param perSplit  split → class → labelled images
 * @param errors    source path → error, for the unreadable images
 */
public record LabelSummary(String output, int images, int labelled, int unlabeled, int failed, int resumed,
                           Map<String, Integer> perClass, Map<String, Map<String, Integer>> perSplit,
                           Map<String, String> errors) {
    public LabelSummary {
        perClass = Map.copyOf(perClass);
        perSplit = Map.copyOf(perSplit);
        errors = Map.copyOf(errors);
    }

    /** Lines for a person reading stderr. */
    public List<String> describe() {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        lines.add(String.format(java.util.Locale.ROOT, "%d images: %d labelled, %d unlabeled, %d unreadable%s → %s",
                images, labelled, unlabeled, failed, resumed > 0 ? " (" + resumed + " done by an earlier run)" : "",
                output));
        new java.util.TreeMap<>(perSplit).forEach((split, counts) -> lines.add("  " + split + ": " + counts));
        new java.util.TreeMap<>(errors).forEach((src, err) -> lines.add("  unreadable: " + err));
        return lines;
    }
}
