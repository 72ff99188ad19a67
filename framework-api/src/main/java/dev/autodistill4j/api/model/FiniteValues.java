package dev.autodistill4j.api.model;

/**
 * The one check that a model's numbers are finite before they are written anywhere a user keeps them. Models
 * refuse non-finite weights at load, but a finite checkpoint can still overflow; this catches that case too.
 */
public final class FiniteValues {
    private FiniteValues() {
    }

    /**
     * Returns {@code values} when every entry is finite.
     *
     * @param what names the output in the message, e.g. "the embedding of cat.jpg"
     * @throws NonFiniteOutputException naming {@code what} and the first bad entry
     */
    public static float[] require(float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new NonFiniteOutputException(what + " holds " + values[i] + " at position " + i
                        + ": the model produced a non-finite number, so nothing was written. Its weights are "
                        + "probably corrupt or diverged; use another checkpoint.");
            }
        }
        return values;
    }

    /** {@link #require(float[], String)} for one number. */
    public static double require(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteOutputException(what + " is " + value + ": the model produced a non-finite number, "
                    + "so nothing was written. Its weights are probably corrupt or diverged; use another checkpoint.");
        }
        return value;
    }
}
