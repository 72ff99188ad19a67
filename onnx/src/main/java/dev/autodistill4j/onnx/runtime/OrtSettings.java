package dev.autodistill4j.onnx.runtime;

/**
 * How ONNX Runtime may use the CPU.
 *
 * @param threads  intra-op threads per session (default: the number of cores)
 * @param spinWait whether idle pool threads spin instead of sleeping (ORT's own default is to spin; ours is
 *                 not to, because on a shared machine the spinning takes cores other work needs — see
 *                 docs/onnx.md for the measurement)
 */
public record OrtSettings(int threads, boolean spinWait) {
    public OrtSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** Threads = cores, no spin-waiting. */
    public static OrtSettings defaults() {
        return new OrtSettings(Runtime.getRuntime().availableProcessors(), false);
    }
}
