package dev.autodistill4j.cli.support;

import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.regions.DetectorSettings;
import dev.autodistill4j.search.IndexSettings;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * picocli converters for every numeric option, each with the range that option means, so a typo or a hostile
 * script ({@code --threshold NaN}, {@code --port 99999}, {@code --batch 0}) is refused with one {@code error:}
 * line and exit code 2 before anything runs, instead of silently grouping every image or ending in a stack
 * trace. Use them as {@code @Option(converter = NumericOptions.Positive.class)}; {@link #registerDefaults}
 * makes plain {@code double}/{@code float} options refuse NaN and infinities too.
 */
public final class NumericOptions {
    private NumericOptions() {
    }

    /** Largest batch any command accepts: beyond this, one model call would need tens of gigabytes. */
    public static final int MAX_BATCH = 4096;

    /** Makes every {@code double}/{@code float} option of {@code cl} and its subcommands refuse NaN/Inf. */
    public static void registerDefaults(CommandLine cl) {
        Finite finite = new Finite();
        cl.registerConverter(Double.class, finite);
        cl.registerConverter(double.class, finite);
        ITypeConverter<Float> floats = s -> (float) doubleIn(s, -Float.MAX_VALUE, Float.MAX_VALUE, "a finite number");
        cl.registerConverter(Float.class, floats);
        cl.registerConverter(float.class, floats);
    }

    /** Any finite number. */
    public static final class Finite implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return doubleIn(value, -Double.MAX_VALUE, Double.MAX_VALUE, "a finite number");
        }
    }

    /** A probability threshold in [0, 1]. */
    public static final class Probability implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return doubleIn(value, 0, 1, "a probability between 0 and 1");
        }
    }

    /**
     * A labelling threshold, in the range {@link LabelConfig} declares: 1 is refused here, as a usage error, since
     * the library refuses it (nothing is strictly above 1).
     */
    public static final class LabelConfidence implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return doubleBelow(value, LabelConfig.MIN_CONFIDENCE, LabelConfig.MAX_CONFIDENCE,
                    "a probability from 0 up to (not including) 1");
        }
    }

    /** A cosine similarity in [-1, 1]. */
    public static final class Cosine implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return doubleIn(value, -1, 1, "a cosine similarity between -1 and 1");
        }
    }

    /** A count of at least 1 (k, iterations, threads, vectors…). */
    public static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) longIn(value, 1, Integer.MAX_VALUE);
        }
    }

    /** A count that may be 0 (0 meaning "the default" or "none", as the option says). */
    public static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) longIn(value, 0, Integer.MAX_VALUE);
        }
    }

    /** A positive 64-bit count (pixel limits). */
    public static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return longIn(value, 1, Long.MAX_VALUE);
        }
    }

    /** A duration in seconds for benchmarks: more than 0, at most a day. */
    public static final class Seconds implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return doubleIn(value, 1e-3, 86_400, "a number of seconds from 0.001 to 86400");
        }
    }

    /** How many times k candidates a quantised index rescores: 0 (no rescoring) to 1000. */
    public static final class Oversample implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return doubleIn(value, 0, 1000, "an oversample factor from 0 (no rescoring) to 1000");
        }
    }

    /** Padding around a box as a fraction of its size on each side: 0 to 10. */
    public static final class Padding implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return doubleIn(value, 0, 10, "a fraction of the box size from 0 to 10");
        }
    }

    /** Images or items per model call: 1 to {@link #MAX_BATCH}. */
    public static final class Batch implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) longIn(value, 1, MAX_BATCH);
        }
    }

    /** HNSW M, in the range {@link IndexSettings} declares (so the CLI refuses what the library would). */
    public static final class HnswM implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) longIn(value, IndexSettings.MIN_MAX_CONN, IndexSettings.MAX_MAX_CONN);
        }
    }

    /** HNSW efConstruction, in the range {@link IndexSettings} declares. */
    public static final class HnswBeamWidth implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) longIn(value, 1, IndexSettings.MAX_BEAM_WIDTH);
        }
    }

    /** A detector box threshold, in the range {@link DetectorSettings} declares (1 itself is refused there). */
    public static final class BoxConfidence implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return doubleBelow(value, DetectorSettings.MIN_CONFIDENCE, DetectorSettings.MAX_CONFIDENCE,
                    "a probability from 0 up to (not including) 1");
        }
    }

    /** The IoU above which overlapping detector boxes are suppressed, in the range {@link DetectorSettings} declares. */
    public static final class NmsIou implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return doubleIn(value, DetectorSettings.MIN_NMS_IOU, DetectorSettings.MAX_NMS_IOU,
                    "an intersection over union from 0 to 1 (1 keeps every box)");
        }
    }

    /** A TCP port: 1 to 65535, or 0 for any free one. */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) longIn(value, 0, 65535);
        }
    }

    /** Parses {@code value} as a finite number in [min, max], or throws a message saying what is expected. */
    static double doubleIn(String value, double min, double max, String expected) {
        double d;
        try {
            d = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number: give " + expected);
        }
        if (!Double.isFinite(d)) {
            throw new TypeConversionException("'" + value + "' is not a finite number: give " + expected);
        }
        if (d < min || d > max) {
            throw new TypeConversionException("'" + value + "' is out of range: give " + expected);
        }
        return d;
    }

    /** As {@link #doubleIn}, for a range whose top {@code maxExclusive} is itself refused. */
    static double doubleBelow(String value, double min, double maxExclusive, String expected) {
        double d = doubleIn(value, min, maxExclusive, expected);
        if (d >= maxExclusive) {
            throw new TypeConversionException("'" + value + "' is out of range: give " + expected);
        }
        return d;
    }

    /** Parses {@code value} as a whole number in [min, max], or throws a message giving the range. */
    static long longIn(String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number: give " + range(min, max));
        }
        if (v < min || v > max) {
            throw new TypeConversionException("'" + value + "' is out of range: give " + range(min, max));
        }
        return v;
    }

    private static String range(long min, long max) {
        if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) {
            return String.format(Locale.ROOT, "a whole number of at least %d", min);
        }
        return String.format(Locale.ROOT, "a whole number from %d to %d", min, max);
    }
}
