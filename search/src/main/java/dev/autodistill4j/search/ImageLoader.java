package dev.autodistill4j.search;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.runtime.image.ImageDecoder;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Turns an image file into RGB pixels. The indexer, clusterer and server take one so an application can plug
 * in its own source (a cache, limits of its own); {@link #standard()} is the project's Pillow-exact decoder, so
 * index embeddings equal those of the Python reference.
 */
@FunctionalInterface
public interface ImageLoader {

    /** @throws Autodistill4jException naming the file when it is not a readable image */
    BufferedImage load(Path file);

    /** {@link ImageDecoder#defaults()}: EXIF orientation, PIL's RGB conversion, pixel-count limits. */
    static ImageLoader standard() {
        ImageDecoder decoder = ImageDecoder.defaults();
        return decoder::decode;
    }
}
