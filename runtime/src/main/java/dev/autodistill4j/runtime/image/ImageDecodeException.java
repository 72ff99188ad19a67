package dev.autodistill4j.runtime.image;

import dev.autodistill4j.api.Autodistill4jException;

import java.nio.file.Path;

/**
 * An image file that cannot be used: unreadable, empty, truncated, not an image, or larger than the limits.
 *
 * <p>The message always starts with the file, then says what is wrong and what to do, so a manifest entry or a
 * CLI error line is enough for the user to find and fix the file.
 */
public class ImageDecodeException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ImageDecodeException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ImageDecodeException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
