package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options a CLIP embedding model takes whatever its engine ({@code metaclip}, {@code onnx}): only
 * {@code batch}. Zero-shot settings ({@code aggregation}, {@code templates}) are the runtime's, which classifies
 * ({@link ModelRequest#ZERO_SHOT_OPTIONS}); a provider's other options it checks itself and passes here by name,
 * so an unknown key is refused before any weights are read, with that provider's own list.
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
     * The options of {@code request} for provider {@code provider}.
     *
     * @param own the provider's other option keys with what they take ({@code threads -> N}), in the order its
     *            message lists them
     * @throws ModelLoadException naming an unknown key and the provider's options, or a bad {@code batch}
     */
    public static ClipOptions from(String provider, ModelRequest request, Map<String, String> own) {
        for (String key : request.providerOptions().keySet()) {
            if (!key.equals(BATCH) && !own.containsKey(key)) {
                throw new ModelLoadException("unknown " + provider + " option '" + key + "': the options are "
                        + choices(own) + "; the runtime's zero-shot settings are "
                        + String.join(", ", help(ModelRequest.ZERO_SHOT_OPTIONS)));
            }
        }
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

    private static String choices(Map<String, String> own) {
        List<String> all = new ArrayList<>(help(own));
        all.add(BATCH + "=" + BATCH_HELP);
        return String.join(", ", all);
    }

    private static List<String> help(Map<String, String> options) {
        return options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
