package dev.autodistill4j.datasets.review;

/**
 * The outcome of one {@link Correction}.
 *
 * @param source       the image's {@code source} key
 * @param status       what happened
 * @param currentClass the image's class after the call (null: unlabeled)
 * @param file         where the image lies after the call, relative to the dataset root
 * @param message      for the person: why nothing happened (null when applied)
 * @param record       the review record appended (null unless applied)
 */
public record CorrectionResult(String source, Status status, String currentClass, String file, String message,
                               ReviewRecord record) {

    /** What a correction did. */
    public enum Status {
        /** Recorded (and the file moved, for a move). */
        APPLIED,
        /** The image is already in that class: nothing recorded. */
        UNCHANGED,
        /** The image is no longer in the state the person saw (another tab, another person): nothing done. */
        CONFLICT,
        /** The request cannot be carried out (unknown class, unreadable image, file changed): nothing done. */
        REFUSED
    }
}
