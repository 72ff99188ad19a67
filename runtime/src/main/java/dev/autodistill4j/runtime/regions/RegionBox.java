package dev.autodistill4j.runtime.regions;

import java.util.List;

/**
 * One input box, in pixels of its image ({@code x, y} = top-left corner), plus what is needed to write it back
 * unchanged: the original YOLO coordinate tokens, or the COCO annotation's id.
 *
 * @param index         position of the box in its file (YOLO line order / COCO annotation order)
 * @param originalClass the class id the box had in the input
 * @param yoloTokens    the four coordinate tokens of the YOLO line exactly as written; null for COCO
 * @param annotationId  the COCO annotation id; null for YOLO
 */
public record RegionBox(int index, double x, double y, double width, double height, long originalClass,
                        List<String> yoloTokens, Long annotationId) {
    public RegionBox {
        yoloTokens = yoloTokens == null ? null : List.copyOf(yoloTokens);
    }
}
