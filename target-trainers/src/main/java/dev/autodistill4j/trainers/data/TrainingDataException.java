package dev.autodistill4j.trainers.data;

import dev.autodistill4j.trainers.TrainingException;

/** A dataset a trainer cannot use: too few classes, an empty split, an empty class folder. */
public class TrainingDataException extends TrainingException {
    private static final long serialVersionUID = 1L;

    public TrainingDataException(String message) {
        super(message);
    }
}
