package dev.autodistill4j.bench.clip;

/**
 * One throughput measurement.
 *
 * @param name    what was timed: {@code image_model}, {@code image_end_to_end} or {@code text}
 * @param batch   items per model call
 * @param items   items processed in the timed part (after warm-up)
 * @param seconds wall-clock seconds of the timed part
 * @param cpuSeconds CPU seconds this process used in the timed part (all threads); on a machine shared with
 *                   other work, {@code items / cpuSeconds × cores} estimates the uncontended rate
 */
public record Measurement(String name, int batch, int items, double seconds, double cpuSeconds) {
    public double perSecond() {
        return seconds <= 0 ? 0 : items / seconds;
    }

    /** Items per CPU-second of this process: independent of how many cores other programs took. */
    public double perCpuSecond() {
        return cpuSeconds <= 0 ? 0 : items / cpuSeconds;
    }
}
