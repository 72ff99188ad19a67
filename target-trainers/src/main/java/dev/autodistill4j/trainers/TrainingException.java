package dev.autodistill4j.trainers;

import dev.autodistill4j.api.Autodistill4jException;

/** Training cannot start or finish: a bad dataset, a wrong option, an init checkpoint that does not fit. */
public class TrainingException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
