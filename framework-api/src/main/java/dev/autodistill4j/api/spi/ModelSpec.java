package dev.autodistill4j.api.spi;

import dev.autodistill4j.api.model.ModelLoadException;

import java.util.Locale;

/**
 * A parsed {@code --model} value: {@code provider[:reference]}.
 *
 * <p>Only the first colon separates, so references may themselves contain colons
 * ({@code metaclip:hf:facebook/metaclip-b32-400m@main}). The provider name is case-insensitive and stored
 * lower-case; the reference is kept verbatim (paths are case-sensitive).
 *
 * @param provider  provider name, lower-case, never blank
 * @param reference what follows the first colon, or null for the provider's default
 */
public record ModelSpec(String provider, String reference) {

    public ModelSpec {
        if (provider == null || provider.isBlank()) {
            throw new ModelLoadException("model spec has no provider name: write provider[:reference], "
                    + "e.g. 'metaclip' or 'metaclip:/path/to/checkpoint'");
        }
        provider = provider.strip().toLowerCase(Locale.ROOT);
        if (reference != null && reference.isBlank()) {
            reference = null;
        }
    }

    /** Parses {@code provider[:reference]}. */
    public static ModelSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new ModelLoadException("no model given: pass --model provider[:reference], e.g. --model metaclip");
        }
        String s = spec.strip();
        int colon = s.indexOf(':');
        if (colon < 0) {
            return new ModelSpec(s, null);
        }
        return new ModelSpec(s.substring(0, colon), s.substring(colon + 1));
    }

    @Override
    public String toString() {
        return reference == null ? provider : provider + ":" + reference;
    }
}
