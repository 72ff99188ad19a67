package dev.autodistill4j.runtime.regions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Class-agnostic greedy non-maximum suppression, the runtime's decision over a detector's raw boxes: boxes are
 * visited from the highest score down (ties: the detector's order) and one is kept unless it overlaps a box
 * already kept by an intersection over union strictly above the threshold. Class-agnostic because the
 * detector's classes are not the output's: the classification model names every kept box afterwards.
 */
public final class NonMaxSuppression {
    private NonMaxSuppression() {
    }

    /** A box in pixels, {@code x, y} = top-left corner. */
    public record Box(double x, double y, double width, double height) {
    }

    /**
     * The indices of the boxes kept, in ascending order (the detector's order).
     *
     * @param iouThreshold suppress above this IoU; 1 keeps every box (no IoU is above 1)
     */
    public static List<Integer> keep(List<Box> boxes, double[] scores, double iouThreshold) {
        if (scores.length != boxes.size()) {
            throw new IllegalArgumentException(boxes.size() + " boxes but " + scores.length + " scores");
        }
        List<Integer> order = IntStream.range(0, boxes.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i)).toList();
        List<Integer> kept = new ArrayList<>();
        for (int i : order) {
            boolean suppressed = false;
            for (int k : kept) {
                if (iou(boxes.get(i), boxes.get(k)) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(i);
            }
        }
        return kept.stream().sorted().toList();
    }

    /** Intersection over union of two boxes; 0 when either has no area. */
    public static double iou(Box a, Box b) {
        double w = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
        double h = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        double union = a.width() * a.height() + b.width() * b.height() - inter;
        return union > 0 ? inter / union : 0;
    }
}
