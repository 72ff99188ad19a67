package dev.autodistill4j.api.model;

import dev.autodistill4j.api.Autodistill4jException;

/**
 * A model produced NaN or an infinity. Such a number must never reach a user's output (a manifest, an index,
 * a JSON line): a {@code "NaN"} score compares false with every threshold, so scripts would silently treat it
 * as "no class" or group everything together. The run stops with this message instead.
 */
public class NonFiniteOutputException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public NonFiniteOutputException(String message) {
        super(message);
    }
}
