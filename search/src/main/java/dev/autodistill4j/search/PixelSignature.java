package dev.autodistill4j.search;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The mean colour of each cell of a 16×16 grid laid over an image: a model-independent check that two images an
 * embedding calls similar really look the same. An embedding says "both are red circles on dark ground"; two
 * different photos of the same scene, or (with a small model) two different shapes on the same background, can
 * score a cosine above 0.999 (measured on the shapes fixture, see docs/search.md), so the embedding alone cannot
 * decide what a script may delete. Averaging over cells makes re-encoding noise and rescaling vanish, while a
 * moved, added or recoloured object changes the cells it covers.
 *
 * <p>Two signatures are near-identical when their mean cell difference is at most {@link #MAX_MEAN_DIFFERENCE}
 * and 95% of the cells differ by at most {@link #MAX_P95_DIFFERENCE} (differences are the mean absolute RGB
 * difference of a cell, in [0, 1]). The second bound catches a local change too small to move the mean.
 */
public record PixelSignature(float[] cells) {
    static final int GRID = 16;
    /** Measured: re-encoded (JPEG q60) and rescaled copies ≤ 0.012, distinct shapes-fixture images ≥ 0.031. */
    public static final double MAX_MEAN_DIFFERENCE = 0.02;
    /** Measured: re-encoded and rescaled copies ≤ 0.056, distinct shapes-fixture images ≥ 0.079. */
    public static final double MAX_P95_DIFFERENCE = 0.065;

    public PixelSignature {
        if (cells.length != GRID * GRID * 3) {
            throw new IllegalArgumentException("a pixel signature has " + GRID * GRID * 3 + " values");
        }
    }

    /** The signature of an image of any size (each pixel counts towards the cell its position falls in). */
    public static PixelSignature of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[] sums = new double[GRID * GRID * 3];
        long[] counts = new long[GRID * GRID];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            int cellRow = (int) ((long) y * GRID / h) * GRID;
            for (int x = 0; x < w; x++) {
                int cell = cellRow + (int) ((long) x * GRID / w);
                int rgb = row[x];
                sums[cell * 3] += rgb >> 16 & 255;
                sums[cell * 3 + 1] += rgb >> 8 & 255;
                sums[cell * 3 + 2] += rgb & 255;
                counts[cell]++;
            }
        }
        float[] cells = new float[sums.length];
        for (int cell = 0; cell < counts.length; cell++) {
            if (counts[cell] == 0) {
                // an image narrower or shorter than the grid leaves cells empty: use the pixel under the cell
                int rgb = image.getRGB((cell % GRID) * w / GRID, (cell / GRID) * h / GRID);
                sums[cell * 3] = rgb >> 16 & 255;
                sums[cell * 3 + 1] = rgb >> 8 & 255;
                sums[cell * 3 + 2] = rgb & 255;
                counts[cell] = 1;
            }
            for (int channel = 0; channel < 3; channel++) {
                cells[cell * 3 + channel] = (float) (sums[cell * 3 + channel] / counts[cell] / 255.0);
            }
        }
        return new PixelSignature(cells);
    }

    /** True when the two images look the same (see the class comment for the two bounds). */
    public boolean nearIdenticalTo(PixelSignature other) {
        double[] diff = new double[GRID * GRID];
        double sum = 0;
        for (int c = 0; c < diff.length; c++) {
            diff[c] = (Math.abs(cells[c * 3] - other.cells[c * 3]) + Math.abs(cells[c * 3 + 1] - other.cells[c * 3 + 1])
                    + Math.abs(cells[c * 3 + 2] - other.cells[c * 3 + 2])) / 3.0;
            sum += diff[c];
        }
        if (sum / diff.length > MAX_MEAN_DIFFERENCE) {
            return false;
        }
        Arrays.sort(diff);
        return diff[diff.length * 95 / 100] <= MAX_P95_DIFFERENCE;
    }
}
