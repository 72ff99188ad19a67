package dev.autodistill4j.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Provenance of a loaded model, copied into every dataset manifest ({@code run.json}) and trained model.
 *
 * @param provider       provider name, e.g. {@code metaclip}
 * @param reference      what the user asked for, e.g. {@code facebook/metaclip-b32-400m} or a path
 * @param checkpoint     the file the weights came from (absolute path), or null for in-code models
 * @param checkpointSha256 hex sha256 of that file, or null
 * @param license        licence of the weights (e.g. {@code CC-BY-NC-4.0}), or null when unknown
 * @param details        anything else worth recording (architecture, device, prompt aggregation); kept in the
 *                       order given, so {@code run.json} and {@code model.json} list them the same way on every
 *                       run ({@code Map.copyOf} would reorder them per JVM); no null keys or values
 */
public record ModelInfo(String provider, String reference, String checkpoint, String checkpointSha256,
                        String license, Map<String, Object> details) {
    public ModelInfo {
        details = details == null ? Map.of() : ordered(details);
    }

    private static Map<String, Object> ordered(Map<String, Object> details) {
        Map<String, Object> copy = new LinkedHashMap<>();
        details.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "a details key"),
                Objects.requireNonNull(v, () -> "details value of " + k)));
        return Collections.unmodifiableMap(copy);
    }

    /** {@code provider:reference}, the form the CLI's {@code --model} accepts. */
    public String spec() {
        return reference == null || reference.isEmpty() ? provider : provider + ":" + reference;
    }
}
