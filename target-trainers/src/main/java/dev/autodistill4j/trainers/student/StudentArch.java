package dev.autodistill4j.trainers.student;

import dev.autodistill4j.trainers.TrainingException;

import java.util.Arrays;
import java.util.Locale;

/**
 * The student's shape ({@code -p arch=…}): {@link #CNN}, a compact convolutional network trained from scratch
 * (mobile-class cost, its own squash-resize preprocessing), or {@link #VIT_SHRUNK}, a copy of the teacher's
 * vision tower with a subset of its layers, initialised from the teacher's own weights (TinyCLIP's weight
 * inheritance) and using the teacher's preprocessing.
 */
public enum StudentArch {
    CNN("cnn"),
    VIT_SHRUNK("vit-shrunk");

    private final String id;

    StudentArch(String id) {
        this.id = id;
    }

    /** The name users type and manifests record. */
    public String id() {
        return id;
    }

    /** Parses {@code -p arch=…}; an unknown name lists the known ones. */
    public static StudentArch parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (StudentArch a : values()) {
            if (a.id.equals(t)) {
                return a;
            }
        }
        throw new TrainingException("student hyper-parameter arch=" + text + " is not known: give one of "
                + Arrays.stream(values()).map(StudentArch::id).toList() + " (-p arch=cnn)");
    }
}
