package dev.autodistill4j.api.model;

import java.util.List;
import java.util.Map;

/**
 * Default-deny for provider options ({@link ModelRequest#options()}): a key the provider does not know is an
 * error that lists the ones it does, before any weights are read — a misspelt option never silently does nothing.
 */
public final class KnownOptions {
    private KnownOptions() {
    }

    /**
     * Throws when {@code options} has a key that none of {@code known} names.
     *
     * @param provider the provider's name, for the message
     * @param known    {@code key=values} entries, e.g. {@code threads=<1..1024>}, in the order help lists them
     * @throws ModelLoadException naming the unknown key and every known one
     */
    public static void require(String provider, Map<String, String> options, List<String> known) {
        List<String> keys = known.stream().map(KnownOptions::key).toList();
        for (String key : options.keySet().stream().sorted().toList()) {
            if (!keys.contains(key)) {
                throw new ModelLoadException("unknown " + provider + " option '" + key + "': the options are "
                        + (known.isEmpty() ? "none" : String.join(", ", known)) + " (`model-option` KEY=VALUE)");
            }
        }
    }

    /** The key of a {@code key=values} entry. */
    public static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }
}
