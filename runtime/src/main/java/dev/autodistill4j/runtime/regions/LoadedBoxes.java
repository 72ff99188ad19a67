package dev.autodistill4j.runtime.regions;

import java.util.List;

/**
 * The boxes of one image as read from its box file, and the records of that file that were refused one by one
 * (a malformed YOLO line, a COCO annotation with a bad bbox or a repeated id). A refused record never takes
 * its neighbours with it: it is left out of the output, listed in the manifest under {@code skipped} and counted
 * in the summary.
 *
 * @param boxes   the usable boxes, in file order
 * @param skipped one message per refused record, naming the file and the line or annotation
 */
public record LoadedBoxes(List<RegionBox> boxes, List<String> skipped) {
    public LoadedBoxes {
        boxes = List.copyOf(boxes);
        skipped = List.copyOf(skipped);
    }

    static LoadedBoxes none() {
        return new LoadedBoxes(List.of(), List.of());
    }
}
