package dev.autodistill4j.runtime.regions;

import java.util.List;

/**
 * One input box, in pixels of its image ({@code x, y} = top-left corner), plus what is needed to write it back
 * the same: the YOLO coordinates in canonical form ({@link YoloNumbers}), or the COCO annotation's position.
 *
 * @param index         position of the box in its file (YOLO line order / COCO annotation order)
 * @param originalClass the class id the box had in the input
 * @param yoloTokens    the four coordinates of the YOLO line, canonically spelled; null for COCO
 * @param annotationId  the COCO annotation's position in {@code annotations}; null for YOLO
 */
public record RegionBox(int index, double x, double y, double width, double height, long originalClass,
                        List<String> yoloTokens, Long annotationId) {
    public RegionBox {
        yoloTokens = yoloTokens == null ? null : List.copyOf(yoloTokens);
    }
}
