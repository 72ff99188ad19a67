package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;

import java.util.List;
import java.util.Map;

/**
 * The options a CLIP embedding model takes whatever its engine ({@code metaclip}, {@code onnx}): only
 * {@code batch}. Zero-shot settings ({@code aggregation}, {@code templates}) are the runtime's, which classifies
 * ({@link ModelRequest#ZERO_SHOT_OPTIONS}). Unknown keys are refused once, before this is read, by the provider's
 * {@link dev.autodistill4j.api.model.KnownOptions} check with its whole list ({@link #KNOWN} plus its own keys).
 *
 * @param batchSize images or texts per network call ({@code batch=N}, default 32)
 */
public record ClipOptions(int batchSize) {
    public static final String BATCH = "batch";
    static final String BATCH_HELP = "<images per call>";
    /**
     * Every option a CLIP provider accepts besides its own, as {@code key=values} for
     * {@link dev.autodistill4j.api.model.KnownOptions}: the runtime's zero-shot settings, then {@code batch}.
     */
    public static final List<String> KNOWN = java.util.stream.Stream.concat(
            help(ModelRequest.ZERO_SHOT_OPTIONS).stream(), java.util.stream.Stream.of(BATCH + "=" + BATCH_HELP))
            .toList();

    /**
     * The {@code batch} of {@code request} (the provider has already refused unknown keys).
     *
     * @throws ModelLoadException for a bad {@code batch}
     */
    public static ClipOptions from(ModelRequest request) {
        String b = request.option(BATCH, "32").strip();
        int batch;
        try {
            batch = Integer.parseInt(b);
        } catch (NumberFormatException e) {
            batch = -1;
        }
        if (batch < 1 || batch > 4096) {
            throw new ModelLoadException("batch='" + b + "' must be a whole number from 1 to 4096 (default 32)");
        }
        return new ClipOptions(batch);
    }

    private static List<String> help(Map<String, String> options) {
        return options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
