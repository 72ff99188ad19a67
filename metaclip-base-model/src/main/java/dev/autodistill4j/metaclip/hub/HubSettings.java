package dev.autodistill4j.metaclip.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where models come from and where they are kept.
 *
 * @param endpoint Hugging Face hub base URL ({@code https://huggingface.co}); tests point it at 127.0.0.1
 * @param cacheDir downloads live in {@code cacheDir/hub/<org>--<repo>/<revision>/}
 * @param offline  never touch the network: only the cache (and local paths) count
 * @param token    bearer token for gated or private repos, or null
 */
public record HubSettings(URI endpoint, Path cacheDir, boolean offline, String token) {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    /**
     * Reads system properties first, then environment variables: {@code autodistill4j.hf.endpoint} /
     * {@code AUTODISTILL4J_HF_ENDPOINT}, {@code autodistill4j.cache} / {@code AUTODISTILL4J_CACHE} (default
     * {@code ~/.cache/autodistill4j}), {@code autodistill4j.offline} / {@code AUTODISTILL4J_OFFLINE}
     * ({@code 1}/{@code true}), {@code HF_TOKEN}.
     */
    public static HubSettings fromEnvironment() {
        String endpoint = setting("autodistill4j.hf.endpoint", "AUTODISTILL4J_HF_ENDPOINT", DEFAULT_ENDPOINT);
        String cache = setting("autodistill4j.cache", "AUTODISTILL4J_CACHE",
                Path.of(System.getProperty("user.home"), ".cache", "autodistill4j").toString());
        String offline = setting("autodistill4j.offline", "AUTODISTILL4J_OFFLINE", "0");
        String token = setting("autodistill4j.hf.token", "HF_TOKEN", null);
        return new HubSettings(URI.create(stripSlash(endpoint)), Path.of(cache),
                switch (offline.trim().toLowerCase(Locale.ROOT)) {
                    case "1", "true", "yes", "on" -> true;
                    default -> false;
                }, token == null || token.isBlank() ? null : token);
    }

    private static String setting(String property, String env, String fallback) {
        String p = System.getProperty(property);
        if (p != null && !p.isBlank()) {
            return p;
        }
        String e = System.getenv(env);
        return e != null && !e.isBlank() ? e : fallback;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
