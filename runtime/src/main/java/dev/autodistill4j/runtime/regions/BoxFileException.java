package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.api.Autodistill4jException;

/**
 * A box file (or one image's part of a COCO file) that cannot be used: malformed numbers, coordinates outside
 * the image, unknown class or image ids, bad JSON. The region runner records it for that file and goes on.
 */
public class BoxFileException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public BoxFileException(String message) {
        super(message);
    }

    public BoxFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
