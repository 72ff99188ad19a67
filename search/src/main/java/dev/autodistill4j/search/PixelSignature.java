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
 * difference of a cell, in [0, 1]). The second bound catches a local change too small to move the mean; a change
 * confined to less than about 5% of the image (a small watermark, a date stamp) is not seen.
 */
public record PixelSignature(float[] cells) {
    static final int GRID = 16;
    /** Measured: re-encoded (JPEG q60) and rescaled copies ≤ 0.012, distinct shapes-fixture images ≥ 0.031. */
    public static final double MAX_MEAN_DIFFERENCE = 0.02;
    /** Measured: re-encoded (JPEG q60) and rescaled copies ≤ 0.033, distinct shapes-fixture images ≥ 0.079. */
    public static final double MAX_P95_DIFFERENCE = 0.065;

    public PixelSignature {
        if (cells.length != GRID * GRID * 3) {
            throw new IllegalArgumentException("a pixel signature has " + GRID * GRID * 3 + " values");
        }
    }

    /**
     * The signature of an image of any size: each cell is the exact area-weighted mean of the pixels it covers
     * (a pixel straddling two cells counts in both by its overlap), so enlarging or shrinking an image, even
     * one smaller than the grid, leaves the signature nearly unchanged.
     */
    public static PixelSignature of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[][] wx = overlaps(w);
        double[][] wy = overlaps(h);
        double[] cells = new double[GRID * GRID * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int rgb = row[x];
                for (int i = 0; i < wy[y].length; i += 2) {
                    for (int j = 0; j < wx[x].length; j += 2) {
                        int cell = ((int) wy[y][i] * GRID + (int) wx[x][j]) * 3;
                        double weight = wy[y][i + 1] * wx[x][j + 1];
                        cells[cell] += weight * (rgb >> 16 & 255);
                        cells[cell + 1] += weight * (rgb >> 8 & 255);
                        cells[cell + 2] += weight * (rgb & 255);
                    }
                }
            }
        }
        float[] out = new float[cells.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.min(1.0, cells[i] / 255.0); // a cell has area 1 in cell units
        }
        return new PixelSignature(out);
    }

    /** For each of n pixels along an axis: pairs (cell, overlap in cell units) of the cells it covers. */
    private static double[][] overlaps(int n) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double start = (double) i * GRID / n;
            double end = (double) (i + 1) * GRID / n;
            int first = (int) Math.floor(start);
            int last = Math.min(GRID - 1, (int) Math.ceil(end) - 1);
            double[] pairs = new double[2 * (last - first + 1)];
            int k = 0;
            for (int c = first; c <= last; c++) {
                pairs[k++] = c;
                pairs[k++] = Math.max(0, Math.min(end, c + 1) - Math.max(start, c));
            }
            out[i] = pairs;
        }
        return out;
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
