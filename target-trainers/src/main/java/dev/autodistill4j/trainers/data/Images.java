package dev.autodistill4j.trainers.data;

import dev.autodistill4j.api.Autodistill4jException;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Image decoding and resizing for trainers, always to TYPE_INT_RGB so pixel access is uniform. */
public final class Images {
    private Images() {
    }

    /** Decodes an image to RGB; an unreadable file is an {@link ImageReadException} naming it. */
    public static BufferedImage decode(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new ImageReadException(file, e.getMessage());
        }
        if (img == null) {
            throw new ImageReadException(file, "not a readable image format");
        }
        return toRgb(img);
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

    /** An image that cannot be decoded. */
    public static final class ImageReadException extends Autodistill4jException {
        private static final long serialVersionUID = 1L;
        private final transient Path file;

        public ImageReadException(Path file, String why) {
            super("cannot read image " + file + " (" + why + "): replace or delete the file");
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }
}
