package dev.autodistill4j.trainers.config;

import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;

import java.util.Set;
import java.util.TreeSet;

/**
 * The one place a trainer's {@code -p key=value} strings become typed values: unknown keys are refused with
 * the list of known ones (a misspelt {@code lerning-rate} used to be ignored silently), and every range check
 * names the key, the value and what to give instead.
 */
public final class HyperParameters {
    private final String trainer;
    private final TrainingRequest request;

    private HyperParameters(String trainer, TrainingRequest request) {
        this.trainer = trainer;
        this.request = request;
    }

    /**
     * Reads {@code request}'s hyper-parameters for {@code trainer}, refusing any key not in {@code known}.
     *
     * @throws TrainingException naming the unknown key and listing the known ones
     */
    public static HyperParameters of(String trainer, TrainingRequest request, Set<String> known) {
        for (String key : new TreeSet<>(request.hyperParameters().keySet())) {
            if (!known.contains(key)) {
                String hint = key.equals("epochs") ? " (epochs are set with `epochs` N)" : "";
                throw new TrainingException("unknown " + trainer + " hyper-parameter '" + key + "'" + hint
                        + ": known ones are " + new TreeSet<>(known) + "; fix or drop -p " + key + "=...");
            }
        }
        return new HyperParameters(trainer, request);
    }

    /** The value as text, or {@code fallback} when absent. */
    public String text(String key, String fallback) {
        return request.param(key, fallback);
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
    public int integer(String key, int fallback, int min, int max) {
        int v = request.intParam(key, fallback);
        if (v < min || v > max) {
            throw outOfRange(key, v, min + ".." + max);
        }
        return v;
    }

    /**
     * A finite number within {@code min .. max}; each bound is inclusive or exclusive as given; {@code fallback}
     * when absent.
     */
    public double decimal(String key, double fallback, double min, boolean minInclusive, double max,
                          boolean maxInclusive) {
        double v = request.doubleParam(key, fallback);
        boolean low = minInclusive ? v < min : v <= min;
        boolean high = maxInclusive ? v > max : v >= max;
        if (low || high) {
            String range = min + (minInclusive ? " <= " : " < ") + key
                    + (max == Double.POSITIVE_INFINITY ? "" : (maxInclusive ? " <= " : " < ") + max);
            throw outOfRange(key, v, range);
        }
        return v;
    }

    /** {@code true}/{@code false} (also yes/no, on/off, 1/0), or {@code fallback} when absent. */
    public boolean bool(String key, boolean fallback) {
        return request.booleanParam(key, fallback);
    }

    private TrainingException outOfRange(String key, Object value, String range) {
        return new TrainingException(trainer + " hyper-parameter " + key + "=" + value + " is out of range: give "
                + range + " (-p " + key + "=...)");
    }
}
