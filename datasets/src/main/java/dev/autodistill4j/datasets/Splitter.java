package dev.autodistill4j.datasets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Assigns an image to train/valid/test from a hash of (seed, image sha256) — not from its position in a
 * shuffled list — so the assignment is the same in a resumed run, independent of file order and of which other
 * images exist, and reproducible for a seed. The price: ratios hold in expectation, not exactly, on tiny sets.
 */
public final class Splitter {
    private final double train;
    private final double valid;
    private final double test;
    private final long seed;

    public Splitter(double train, double valid, double test, long seed) {
        for (double r : new double[] {train, valid, test}) {
            if (!(r >= 0 && r <= 1)) {
                throw new DatasetWriteException("split ratios must each be between 0 and 1, got " + train + ","
                        + valid + "," + test);
            }
        }
        double sum = train + valid + test;
        if (Math.abs(sum - 1) > 1e-6) {
            throw new DatasetWriteException(String.format(Locale.ROOT,
                    "split ratios %s,%s,%s add up to %.4f: they must add up to 1, e.g. 0.7,0.2,0.1", train, valid,
                    test, sum));
        }
        if (train == 0) {
            throw new DatasetWriteException("the train ratio is 0: a dataset needs training images");
        }
        this.train = train;
        this.valid = valid;
        this.test = test;
        this.seed = seed;
    }

    /** Parses {@code train,valid[,test]}, e.g. {@code 0.7,0.2,0.1}. */
    public static Splitter parse(String ratios, long seed) {
        String[] parts = ratios.split(",");
        if (parts.length < 2 || parts.length > 3) {
            throw new DatasetWriteException("`split` '" + ratios + "' must be train,valid[,test], e.g. 0.7,0.2,0.1");
        }
        double[] r = new double[3];
        try {
            for (int i = 0; i < parts.length; i++) {
                r[i] = Double.parseDouble(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            throw new DatasetWriteException("`split` '" + ratios + "' must be numbers, e.g. 0.7,0.2,0.1", e);
        }
        return new Splitter(r[0], r[1], r[2], seed);
    }

    /** The split of the image whose content has this sha256 (hex). */
    public Split assign(String sha256Hex) {
        double u = unit(seed + ":" + sha256Hex);
        if (u < train) {
            return Split.TRAIN;
        }
        return u < train + valid || test == 0 ? Split.VALID : Split.TEST;
    }

    public double train() {
        return train;
    }

    public double valid() {
        return valid;
    }

    public double test() {
        return test;
    }

    public long seed() {
        return seed;
    }

    /** {@code train,valid,test} as given. */
    public String ratios() {
        return train + "," + valid + "," + test;
    }

    private static double unit(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = (bits << 8) | (h[i] & 0xff);
            }
            return (bits >>> 3) / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
