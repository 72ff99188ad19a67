package dev.autodistill4j.runtime.image;

import java.nio.file.Path;

/**
 * The JVM ran out of memory while decoding a legal image. Unlike the other {@link ImageDecodeException}s this
 * says nothing about the file: the same file decodes when fewer images are in memory, so callers retry it
 * ({@code label} retries it alone and, failing that, leaves it unrecorded so the next run retries it) and never
 * record it as unreadable.
 */
public class ImageMemoryException extends ImageDecodeException {
    private static final long serialVersionUID = 1L;

    public ImageMemoryException(Path file, Throwable cause) {
        super(file, "not enough memory to decode this image now; it is retried (give the JVM more heap with -Xmx, "
                + "or lower `decode-threads`, if this persists)", cause);
    }
}
