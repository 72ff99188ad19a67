package dev.autodistill4j.api.spi;

import dev.autodistill4j.api.model.ModelLoadException;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
            throw new ModelLoadException("no model given: pass `model` provider[:reference], e.g. `model` metaclip");
        }
        String s = spec.strip();
        int colon = s.indexOf(':');
        if (colon < 0) {
            return new ModelSpec(s, null);
        }
        return new ModelSpec(s.substring(0, colon), s.substring(colon + 1));
    }

    /**
     * The reference read as a local path ({@code file:} and {@code ~/} understood), or null when it cannot be
     * one: no reference, or one with a colon of its own ({@code hf:org/repo}). Existence is not checked.
     */
    public Path localPath() {
        if (reference == null) {
            return null;
        }
        String ref = reference.startsWith("file:") ? reference.substring(5) : reference;
        if (ref.startsWith("~/")) {
            ref = System.getProperty("user.home") + ref.substring(1);
        }
        if (ref.isEmpty() || ref.contains(":")) {
            return null;
        }
        try {
            return Path.of(ref);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * This spec with a reference that names an existing local file or folder made absolute, so the spec
     * recorded in an index, a dataset or a trained model finds the weights again from any working folder.
     * Aliases and hub references (and paths that do not exist) are returned unchanged.
     */
    public ModelSpec withAbsoluteLocalPath() {
        Path p = localPath();
        if (p == null || p.isAbsolute() || !Files.exists(p)) {
            return this;
        }
        String prefix = reference.startsWith("file:") ? "file:" : "";
        return new ModelSpec(provider, prefix + p.toAbsolutePath().normalize());
    }

    /** {@code provider:reference} as a spec string; {@link #withAbsoluteLocalPath()} applied to a string. */
    public static String absolute(String spec) {
        return parse(spec).withAbsoluteLocalPath().toString();
    }

    @Override
    public String toString() {
        return reference == null ? provider : provider + ":" + reference;
    }
}
