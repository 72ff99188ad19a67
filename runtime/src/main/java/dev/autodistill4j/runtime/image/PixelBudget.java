package dev.autodistill4j.runtime.image;

import java.util.concurrent.Semaphore;

/**
 * Bounds the pixels being decoded at once, across all decoding threads of a process.
 *
 * <p>A 9000×9000 PNG is 79 KB on disk but about 1.3 GB while it is decoded (reader raster, RGB array, result
 * image); a few threads decoding such images at once ran the heap out and the images became "unreadable" at
 * random, depending on scheduling. A decoder {@link #acquire acquires} the image's pixel count (read from the
 * header, before any pixel exists) and releases it when it has returned its result, so decoding waits for room
 * instead of failing. An image larger than the whole budget takes all of it and so is decoded alone.
 *
 * <p>The {@link #shared() shared} budget is a quarter of the maximum heap at {@value #BYTES_PER_PIXEL} bytes
 * per pixel (the decoder's peak, counting its copies).
 */
public final class PixelBudget {
    /** Peak heap bytes per pixel while an image is decoded (raster, RGB ints, result image, a copy). */
    public static final int BYTES_PER_PIXEL = 16;
    private static final int UNIT = 1024; // permits are kilo-pixels, so a budget fits an int
    private static final PixelBudget SHARED = new PixelBudget(Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_PIXEL);

    private final int units;
    private final Semaphore permits;

    /** A budget of {@code pixels} pixels (at least one kilo-pixel). */
    public PixelBudget(long pixels) {
        this.units = (int) Math.max(1, Math.min(Integer.MAX_VALUE, pixels / UNIT));
        this.permits = new Semaphore(units, true);
    }

    /** The process-wide budget every {@link ImageDecoder} uses unless given another. */
    public static PixelBudget shared() {
        return SHARED;
    }

    /** Total pixels of this budget. */
    public long pixels() {
        return (long) units * UNIT;
    }

    /** Pixels currently free (for tests and diagnostics). */
    public long available() {
        return (long) permits.availablePermits() * UNIT;
    }

    /** Waits until {@code pixels} (capped at the whole budget) are free and takes them; close to give back. */
    public Lease acquire(long pixels) {
        int n = (int) Math.max(1, Math.min(units, (pixels + UNIT - 1) / UNIT));
        permits.acquireUninterruptibly(n);
        return new Lease(n);
    }

    /** Pixels taken from the budget; {@link #close} returns them (once). */
    public final class Lease implements AutoCloseable {
        private int held;

        private Lease(int held) {
            this.held = held;
        }

        @Override
        public synchronized void close() {
            if (held > 0) {
                permits.release(held);
                held = 0;
            }
        }
    }
}
