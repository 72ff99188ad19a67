package dev.autodistill4j.api.model;

import java.util.Arrays;

/**
 * One box a detector found, in pixels of its image ({@code x, y} = top-left corner), and the probability of each
 * class of the detector's ontology for it (no threshold applied).
 */
public record Detection(double x, double y, double width, double height, float[] distribution) {
    public Detection {
        if (!(width > 0) || !(height > 0) || !Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("a detection needs a finite position and a positive size, not "
                    + x + "," + y + " " + width + "x" + height);
        }
        FiniteValues.require(distribution, "the class distribution of a detection");
        distribution = distribution.clone();
    }

    @Override
    public float[] distribution() {
        return distribution.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Detection d && x == d.x && y == d.y && width == d.width && height == d.height
                && Arrays.equals(distribution, d.distribution);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(x) * 31 + Arrays.hashCode(distribution);
    }

    @Override
    public String toString() {
        return "Detection[" + x + "," + y + " " + width + "x" + height + " " + Arrays.toString(distribution) + "]";
    }
}
