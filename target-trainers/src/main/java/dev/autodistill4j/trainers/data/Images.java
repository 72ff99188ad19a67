package dev.autodistill4j.trainers.data;

import dev.autodistill4j.runtime.image.ImageDecoder;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Image decoding and resizing for trainers, always to TYPE_INT_RGB so pixel access is uniform. */
public final class Images {
    private Images() {
    }

    private static final ImageDecoder DECODER = ImageDecoder.defaults();

    /** Decodes an image exactly as the base models do (Pillow-equivalent RGB, EXIF orientation, size limits). */
    public static BufferedImage decode(Path file) {
        return toRgb(DECODER.decode(file));
    }

    public static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** Bilinear resize of a region of {@code src} to {@code w}×{@code h}. */
    public static BufferedImage resize(BufferedImage src, int sx, int sy, int sw, int sh, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, sx, sy, sx + sw, sy + sh, null);
        g.dispose();
        return out;
    }

}
