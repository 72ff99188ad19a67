package dev.autodistill4j.metaclip.bench;

/**
 * One throughput measurement.
 *
 * @param name    what was timed: {@code image_model}, {@code image_end_to_end} or {@code text}
 * @param batch   items per model call
 * @param items   items processed in the timed part (after warm-up)
 * @param seconds wall-clock seconds of the timed part
 */
public record Measurement(String name, int batch, int items, double seconds) {
    public double perSecond() {
        return seconds <= 0 ? 0 : items / seconds;
    }
}
