package dev.autodistill4j.search;

import dev.autodistill4j.api.Autodistill4jException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns an image file into RGB pixels. The indexer and the server take one so the CLI can plug in the
 * project's PIL-exact decoder while tests use anything deterministic.
 */
@FunctionalInterface
public interface ImageLoader {

    /** @throws Autodistill4jException naming the file when it is not a readable image */
    BufferedImage load(Path file);

    /** Plain {@link ImageIO} decoding, converted to TYPE_INT_RGB; for tests and as a fallback. */
    static ImageLoader imageIO() {
        return file -> {
            BufferedImage img;
            try {
                img = ImageIO.read(file.toFile());
            } catch (IOException | RuntimeException e) {
                throw new Autodistill4jException(file + " is not a readable image (" + e.getMessage() + ")", e);
            }
            if (img == null) {
                throw new Autodistill4jException(file + " is not an image in a format we can read (PNG, JPEG, BMP, "
                        + "GIF): convert it or remove it from the folder");
            }
            BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            var g = rgb.createGraphics();
            g.drawImage(img, 0, 0, null);
            g.dispose();
            return rgb;
        };
    }
}
