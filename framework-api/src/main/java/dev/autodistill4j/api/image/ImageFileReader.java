package dev.autodistill4j.api.image;

import dev.autodistill4j.api.Autodistill4jException;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Decodes an image file the way the CLI does, for the {@code Path} overloads of the model interfaces
 * ({@code ClassificationBaseModel.predict(Path, double)}). The decoder itself (Pillow-equivalent RGB, EXIF
 * orientation, size limits) lives in {@code dev.autodistill4j:runtime}, which registers it with
 * {@link ServiceLoader}; this interface keeps {@code framework-api} free of image libraries.
 */
public interface ImageFileReader {

    /**
     * Decodes {@code file} to RGB.
     *
     * @throws Autodistill4jException naming the file when it is unreadable, truncated or not an image
     */
    BufferedImage read(Path file);

    /**
     * The registered reader (the runtime's).
     *
     * @throws Autodistill4jException when none is on the class path, saying which jar to add
     */
    static ImageFileReader standard() {
        return Holder.READER;
    }

    /** Looked up once, on first use. */
    final class Holder {
        private static final ImageFileReader READER = ServiceLoader.load(ImageFileReader.class,
                ImageFileReader.class.getClassLoader()).findFirst().orElse(file -> {
                    throw new Autodistill4jException("cannot decode " + file + ": no image decoder on the class path;"
                            + " add the dependency dev.autodistill4j:runtime (it brings the decoder the CLI uses)");
                });

        private Holder() {
        }
    }
}
