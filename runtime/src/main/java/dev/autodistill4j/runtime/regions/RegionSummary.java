package dev.autodistill4j.runtime.regions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a {@code label-regions} run, counted over the whole manifest (earlier, resumed runs included).
 *
 * @param images   images whose boxes were named
 * @param boxes    boxes read from them
 * @param named    boxes given an ontology class
 * @param unknown  boxes below the confidence or {@code --min-size}, written as {@code unknown}
 * @param dropped  such boxes left out ({@code --unknown drop})
 * @param skipped  box records refused one by one (a malformed YOLO line, a bad COCO annotation); see {@code errors}
 * @param failed   images or box files with an error (see {@code errors})
 * @param resumed  records done by an earlier run
 * @param perClass class → named boxes
 * @param errors   image or box file (or skipped record) → error
 */
public record RegionSummary(String output, int images, int boxes, int named, int unknown, int dropped, int skipped,
                            int failed, int resumed, Map<String, Integer> perClass, Map<String, String> errors) {
    public RegionSummary {
        perClass = Map.copyOf(perClass);
        errors = Map.copyOf(errors);
    }

    /** Lines for a person reading stderr. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT,
                "%d images, %d boxes: %d named, %d unknown, %d dropped; %d skipped, %d failed%s → %s",
                images, boxes, named, unknown, dropped, skipped, failed,
                resumed > 0 ? " (" + resumed + " done by an earlier run)" : "", output));
        lines.add("  per class: " + new TreeMap<>(perClass));
        new TreeMap<>(errors).forEach((k, e) -> lines.add("  error: " + e));
        return lines;
    }
}
