package dev.autodistill4j.datasets;

import dev.autodistill4j.api.Autodistill4jException;

/**
 * The dataset module's user errors (reading, writing, locking a dataset folder). Under the project's one root,
 * {@link Autodistill4jException}, so the CLI and library users catch every user error in one place.
 */
public class DatasetException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
