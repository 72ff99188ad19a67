package dev.autodistill4j.metaclip.hub;

import dev.autodistill4j.api.progress.ProgressListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns what a user types after {@code --model metaclip:} into a local checkpoint path.
 *
 * <ul>
 *   <li>empty or {@code metaclip}: {@value #DEFAULT_REPO};</li>
 *   <li>an alias of a released MetaCLIP v1 checkpoint ({@code b32-400m}, {@code l14-fullcc2.5b},
 *       {@code metaclip-h14-fullcc2.5b} …; see {@link #aliases()});</li>
 *   <li>{@code hf:<org>/<repo>[@<revision>]}: any Hugging Face CLIPModel repository;</li>
 *   <li>a local folder or weights file (optionally written {@code file:<path>});</li>
 *   <li>a bare {@code <org>/<repo>[@<revision>]} that is not an existing local path, as transformers'
 *       {@code from_pretrained} accepts it.</li>
 * </ul>
 * Hub references are downloaded into the cache by {@link HubDownloader}.
 */
public final class ModelReferences {
    /** MetaCLIP weights are released under this licence; callers surface it (provider info, docs). */
    public static final String LICENSE = "CC-BY-NC-4.0";
    public static final String LICENSE_NOTICE = "MetaCLIP weights by Meta are licensed CC-BY-NC 4.0 "
            + "(https://creativecommons.org/licenses/by-nc/4.0/): non-commercial use only.";
    public static final String DEFAULT_REPO = "facebook/metaclip-b32-400m";
    private static final String DEFAULT_REVISION = "main";
    private static final Map<String, String> ALIASES;
    private static final java.util.regex.Pattern BARE_REPO =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*(@[^@\\s]+)?");

    static {
        Map<String, String> m = new LinkedHashMap<>();
        for (String model : new String[]{"b32-400m", "b16-400m", "l14-400m", "b32-fullcc2.5b", "b16-fullcc2.5b",
                "l14-fullcc2.5b", "h14-fullcc2.5b"}) {
            m.put(model, "facebook/metaclip-" + model);
        }
        ALIASES = Collections.unmodifiableMap(m);
    }

    private ModelReferences() {
    }

    /** Alias → Hugging Face repository (each alias also works with a {@code metaclip-} prefix). */
    public static Map<String, String> aliases() {
        return ALIASES;
    }

    /** Resolves with {@link HubSettings#fromEnvironment()}. */
    public static Path resolve(String reference) {
        return resolve(reference, new HubDownloader(HubSettings.fromEnvironment()));
    }

    /** Resolves {@code reference} to a local folder or file, downloading through {@code hub} when needed. */
    public static Path resolve(String reference, HubDownloader hub) {
        return resolve(reference, hub, null);
    }

    /** As {@link #resolve(String, HubDownloader)}, reporting download progress (null: log lines). */
    public static Path resolve(String reference, HubDownloader hub, ProgressListener progress) {
        String ref = reference == null ? "" : reference.trim();
        String repo = repoOf(ref);
        if (repo != null) {
            return fetch(hub, repo, DEFAULT_REVISION, progress);
        }
        if (ref.startsWith("file:")) {
            Path local = Path.of(ref.substring(5));
            if (!Files.exists(local)) {
                throw new HubException("model file or folder " + local.toAbsolutePath() + " does not exist");
            }
            return local.toAbsolutePath().normalize();
        }
        if (ref.startsWith("hf:")) {
            return fromHub(ref, ref.substring(3), hub, progress);
        }
        Path local = Path.of(ref.startsWith("~/") ? System.getProperty("user.home") + ref.substring(1) : ref);
        if (Files.exists(local)) {
            return local.toAbsolutePath().normalize();
        }
        if (BARE_REPO.matcher(ref).matches()) {
            return fromHub(ref, ref, hub, progress);
        }
        throw new HubException("unknown model reference '" + ref + "': not a local file or folder, not an alias ("
                + "metaclip, " + String.join(", ", ALIASES.keySet()) + "), and not hf:<org>/<repo>[@revision]");
    }

    private static Path fromHub(String ref, String spec, HubDownloader hub, ProgressListener progress) {
        int at = spec.indexOf('@');
        String name = at < 0 ? spec : spec.substring(0, at);
        String revision = at < 0 ? DEFAULT_REVISION : spec.substring(at + 1);
        if (revision.isBlank()) {
            throw new HubException("'" + ref + "' names an empty revision: write hf:<org>/<repo>@<revision>");
        }
        HubDownloader.checkRepo(name);
        return fetch(hub, name, revision, progress);
    }

    private static Path fetch(HubDownloader hub, String repo, String revision, ProgressListener progress) {
        return progress == null ? hub.fetch(repo, revision) : hub.fetch(repo, revision, progress);
    }

    /** The hub repository an alias names, or null. */
    static String repoOf(String ref) {
        if (ref.isEmpty() || ref.equals("metaclip")) {
            return DEFAULT_REPO;
        }
        String key = ref.startsWith("metaclip-") ? ref.substring("metaclip-".length()) : ref;
        return ALIASES.get(key);
    }
}
