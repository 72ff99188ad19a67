package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.runtime.regions.NonMaxSuppression.Box;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The runtime's class-agnostic greedy non-maximum suppression over a detector's raw boxes. */
class NonMaxSuppressionTest {
    private static final Box A = new Box(0, 0, 10, 10);

    @Test
    void iouIsIntersectionOverUnion() {
        assertThat(NonMaxSuppression.iou(A, A)).isEqualTo(1.0);
        assertThat(NonMaxSuppression.iou(A, new Box(5, 0, 10, 10))).isCloseTo(50.0 / 150, within(1e-12));
        assertThat(NonMaxSuppression.iou(A, new Box(10, 0, 10, 10))).as("touching, no overlap").isZero();
        assertThat(NonMaxSuppression.iou(A, new Box(2, 2, 4, 4))).isCloseTo(16.0 / 100, within(1e-12));
    }

    @Test
    void theHigherScoringOfTwoOverlappingBoxesIsKeptInTheDetectorsOrder() {
        Box shifted = new Box(1, 1, 10, 10); // IoU with A: 81 / 119 = 0.68
        Box apart = new Box(50, 50, 5, 5);
        List<Box> boxes = List.of(A, shifted, apart);
        assertThat(NonMaxSuppression.keep(boxes, new double[] {0.8, 0.9, 0.5}, 0.5)).containsExactly(1, 2);
        assertThat(NonMaxSuppression.keep(boxes, new double[] {0.9, 0.8, 0.5}, 0.5)).containsExactly(0, 2);
        assertThat(NonMaxSuppression.keep(boxes, new double[] {0.8, 0.9, 0.5}, 0.7)).as("0.68 is not above 0.7")
                .containsExactly(0, 1, 2);
        assertThat(NonMaxSuppression.keep(boxes, new double[] {0.8, 0.9, 0.5}, 1)).as("1 keeps every box")
                .containsExactly(0, 1, 2);
        assertThat(NonMaxSuppression.keep(List.of(A, A), new double[] {0.5, 0.5}, 0.5)).as("a tie: the first")
                .containsExactly(0);
    }

    @Test
    void suppressionIsGreedyASuppressedBoxSuppressesNothing() {
        Box b = new Box(4, 0, 10, 10); // IoU with A: 60 / 140 = 0.43
        Box c = new Box(8, 0, 10, 10); // IoU with b 0.43, with A 20 / 180 = 0.11
        assertThat(NonMaxSuppression.keep(List.of(A, b, c), new double[] {0.9, 0.8, 0.7}, 0.4))
                .containsExactly(0, 2);
        assertThat(NonMaxSuppression.keep(List.of(), new double[0], 0.5)).isEmpty();
    }

    @Test
    void scoresMustMatchTheBoxes() {
        assertThatThrownBy(() -> NonMaxSuppression.keep(List.of(A), new double[2], 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 boxes but 2 scores");
    }
}
