package dev.autodistill4j.trainers.cnn;

import dev.autodistill4j.trainers.TrainingException;

import java.util.Locale;

/**
 * Whether the cnn trains on the teacher's whole score distribution ({@code -p soft-labels=...}).
 *
 * <p>Why three values: a dataset made by {@code label} keeps every class's score per image in its
 * {@code manifest.jsonl}, and training on those (knowledge distillation) carries what the teacher knows about
 * near-misses ("a red circle that looks a bit like a red star"); a hand-made ImageFolder has no scores. The
 * default {@link #AUTO} uses the scores when every train image has them and otherwise trains on the folder
 * labels, saying so on the log; {@link #ON} makes missing scores an error, {@link #OFF} ignores them.
 */
public enum SoftLabels {
    AUTO, ON, OFF;

    /** {@code auto}, or a boolean ({@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}). */
    static SoftLabels parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "true", "yes", "on", "1" -> ON;
            case "false", "no", "off", "0" -> OFF;
            default -> throw new TrainingException("cnn hyper-parameter soft-labels=" + text + " is not auto, true "
                    + "or false: give -p soft-labels=auto (the default: teacher scores when the dataset's "
                    + "manifest.jsonl has them), true or false");
        };
    }

    /** The value as {@code model.json} records it. */
    String text() {
        return switch (this) {
            case AUTO -> "auto";
            case ON -> "true";
            case OFF -> "false";
        };
    }
}
