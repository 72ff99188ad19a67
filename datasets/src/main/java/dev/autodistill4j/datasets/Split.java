package dev.autodistill4j.datasets;

import java.util.Locale;

/** The three splits of a classification dataset and their folder names. */
public enum Split {
    TRAIN("train"), VALID("valid"), TEST("test");

    private final String folderName;

    Split(String folderName) {
        this.folderName = folderName;
    }

    /** The folder name autodistill writes ({@code valid}, not Ultralytics' {@code val}). */
    public String folderName() {
        return folderName;
    }

    /** Parses a folder name; accepts Ultralytics' {@code val} as well as {@code valid}. Null when unknown. */
    public static Split fromFolderName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "train" -> TRAIN;
            case "valid", "val", "validation" -> VALID;
            case "test" -> TEST;
            default -> null;
        };
    }
}
