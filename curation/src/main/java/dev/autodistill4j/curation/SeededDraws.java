package dev.autodistill4j.curation;

import java.util.function.DoubleSupplier;

/**
 * The uniform draws of a curation run with {@code --seed}: SplitMix64 (Steele, Lea, Flood 2014) from the seed,
 * each value's top 53 bits scaled to [0, 1). Written out here rather than taken from {@code SplittableRandom} so
 * the stream is fixed by this code, not by a JDK version, and can be reproduced in a few lines of Python.
 * Not thread-safe: draws are taken in input order by one thread.
 */
public final class SeededDraws implements DoubleSupplier {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    public SeededDraws(long seed) {
        this.state = seed;
    }

    @Override
    public double getAsDouble() {
        long z = (state += GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
