package dev.autodistill4j.runtime.image;

import java.awt.image.BufferedImage;

/**
 * Shrinks a decoded image by an integer factor with a box filter, as Pillow's {@code Image.reduce} does, so a
 * huge photo is not held at full size while it waits for the model.
 *
 * <p>The factor is the largest that keeps the shorter side at least {@code minSide}; models resample to their
 * input size afterwards. This is Pillow's {@code resize(..., reducing_gap=...)} scheme: an integer box reduction
 * first, the model's own resampling second; with {@code minSide} at least twice the model input the result
 * differs from a direct resampling only in the last bits.
 */
public final class ImageReduction {
    private ImageReduction() {
    }

    /** The factor {@link #reduce} uses for a {@code w}×{@code h} image; 1 means unchanged. */
    public static int factor(int w, int h, int minSide) {
        return minSide < 1 ? 1 : Math.max(1, Math.min(w, h) / minSide);
    }

    /** {@code image} reduced so its shorter side stays at least {@code minSide}, or itself when already small. */
    public static BufferedImage reduce(BufferedImage image, int minSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        int f = factor(w, h, minSide);
        if (f == 1) {
            return image;
        }
        int ow = (w + f - 1) / f;
        int oh = (h + f - 1) / f;
        int[] row = new int[w];
        long[] r = new long[ow];
        long[] g = new long[ow];
        long[] b = new long[ow];
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] outRow = new int[ow];
        for (int oy = 0; oy < oh; oy++) {
            java.util.Arrays.fill(r, 0);
            java.util.Arrays.fill(g, 0);
            java.util.Arrays.fill(b, 0);
            int y0 = oy * f;
            int y1 = Math.min(h, y0 + f);
            for (int y = y0; y < y1; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    int ox = x / f;
                    r[ox] += (p >> 16) & 0xFF;
                    g[ox] += (p >> 8) & 0xFF;
                    b[ox] += p & 0xFF;
                }
            }
            for (int ox = 0; ox < ow; ox++) {
                long n = (long) (y1 - y0) * (Math.min(w, ox * f + f) - ox * f);
                outRow[ox] = (int) (((r[ox] + n / 2) / n) << 16 | ((g[ox] + n / 2) / n) << 8 | ((b[ox] + n / 2) / n));
            }
            out.setRGB(0, oy, ow, 1, outRow, 0, ow);
        }
        return out;
    }
}
