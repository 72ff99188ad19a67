package dev.autodistill4j.runtime.regions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The boxes of one image as read from its box file (or kept from a detector's), and the records of that file that were refused one by one
 * (a malformed YOLO line, a COCO annotation with a bad bbox or a repeated id). A refused record never takes
 * its neighbours with it: it is left out of the output, listed in the manifest under {@code skipped} and counted
 * in the summary.
 *
 * @param boxes   the usable boxes, in file order
 * @param skipped one message per refused record, naming the file and the line or annotation
 * @param detection for boxes from a detector, what was decided about its raw boxes (the manifest's
 *                  {@code detection}); null for boxes read from files
 */
public record LoadedBoxes(List<RegionBox> boxes, List<String> skipped, Map<String, Object> detection) {
    public LoadedBoxes {
        boxes = List.copyOf(boxes);
        skipped = List.copyOf(skipped);
        detection = detection == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(detection));
    }

    /** Boxes read from a file. */
    public LoadedBoxes(List<RegionBox> boxes, List<String> skipped) {
        this(boxes, skipped, null);
    }

    static LoadedBoxes none() {
        return new LoadedBoxes(List.of(), List.of());
    }
}
