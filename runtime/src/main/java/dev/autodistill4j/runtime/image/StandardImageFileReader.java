package dev.autodistill4j.runtime.image;

import dev.autodistill4j.api.image.ImageFileReader;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * The {@link ImageFileReader} the runtime registers: {@link ImageDecoder#defaults()}, what {@code predict}
 * decodes with, behind the {@code Path} overloads of the model interfaces.
 */
public final class StandardImageFileReader implements ImageFileReader {
    private final ImageDecoder decoder = ImageDecoder.defaults();

    @Override
    public BufferedImage read(Path file) {
        return decoder.decode(file);
    }
}
