package dev.autodistill4j.runtime.regions;

import java.awt.image.BufferedImage;

/** Cuts a box out of its image with padding, clipped to the image. */
public final class Crops {
    private Crops() {
    }

    /** Slack for coordinates that went through a normalised text format (0.1 of 80 px is 7.9999999…). */
    static final double EPSILON = 1e-6;

    /**
     * The crop rectangle {@code [x0, y0, x1, y1)} in whole pixels: the box grown by {@code padding × width} left
     * and right and {@code padding × height} above and below, rounded outwards, then clipped to the image.
     * Never empty for a box that lies in the image with positive size.
     */
    public static int[] rectangle(RegionBox box, double padding, int imageWidth, int imageHeight) {
        double px = padding * box.width();
        double py = padding * box.height();
        int x0 = clamp((int) Math.floor(box.x() - px + EPSILON), 0, imageWidth - 1);
        int y0 = clamp((int) Math.floor(box.y() - py + EPSILON), 0, imageHeight - 1);
        int x1 = clamp((int) Math.ceil(box.x() + box.width() + px - EPSILON), x0 + 1, imageWidth);
        int y1 = clamp((int) Math.ceil(box.y() + box.height() + py - EPSILON), y0 + 1, imageHeight);
        return new int[]{x0, y0, x1, y1};
    }

    /** A copy of the pixels of {@code rect} (not a view: the full image can be dropped). */
    public static BufferedImage crop(BufferedImage image, int[] rect) {
        int w = rect[2] - rect[0];
        int h = rect[3] - rect[1];
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, image.getRGB(rect[0], rect[1], w, h, null, 0, w), 0, w);
        return out;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
