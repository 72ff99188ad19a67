package dev.autodistill4j.api.model;

import dev.autodistill4j.api.Autodistill4jException;

/** A model could not be loaded: unknown provider, missing/corrupt checkpoint, unsupported architecture. */
public class ModelLoadException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
