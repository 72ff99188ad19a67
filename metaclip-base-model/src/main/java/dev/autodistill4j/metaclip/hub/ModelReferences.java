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
 *       {@code metaclip-h14-fullcc2.5b} …) or MetaCLIP 2 worldwide checkpoint ({@code mc2-b32}, {@code mc2-h14},
 *       {@code metaclip-2-worldwide-l14} …; see {@link #aliases()}); MetaCLIP 2 mT5 checkpoints are refused;</li>
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

    /** MetaCLIP 2 "worldwide" repositories on the hub (transformers' MetaClip2Model, XLM-V tokenizer). */
    public static final String METACLIP2_PREFIX = "facebook/metaclip-2-worldwide-";
    /** MetaCLIP 2 repositories with an mT5 text tokenizer, which are not supported. */
    private static final String METACLIP2_MT5 = "metaclip-2-mt5";

    static {
        Map<String, String> m = new LinkedHashMap<>();
        for (String model : new String[]{"b32-400m", "b16-400m", "l14-400m", "b32-fullcc2.5b", "b16-fullcc2.5b",
                "l14-fullcc2.5b", "h14-fullcc2.5b"}) {
            m.put(model, "facebook/metaclip-" + model);
        }
        // MetaCLIP 2 worldwide: alias -> repository suffix (facebook/metaclip-2-worldwide-<suffix>)
        String[][] worldwide = {{"mc2-s16", "s16"}, {"mc2-m16", "m16"}, {"mc2-b32", "b32"}, {"mc2-b16", "b16"},
                {"mc2-l14", "l14"}, {"mc2-h14", "huge-quickgelu"}, {"mc2-h14-378", "huge-378"},
                {"mc2-bigg14", "giant"}};
        for (String[] w : worldwide) {
            m.put(w[0], METACLIP2_PREFIX + w[1]);
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
        if (ref.toLowerCase(java.util.Locale.ROOT).contains(METACLIP2_MT5) && !isLocalPath(ref)) {
            throw new HubException("'" + ref + "' is a MetaCLIP 2 mT5 checkpoint, which is not supported (its mT5"
                    + " tokenizer and pooling are not verified here); use a MetaCLIP 2 worldwide checkpoint such as "
                    + "mc2-b32 (" + METACLIP2_PREFIX + "b32)");
        }
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

    private static boolean isLocalPath(String ref) {
        try {
            return Files.exists(Path.of(ref));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
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

    /** The hub repository an alias (or a Meta repository's bare name, e.g. metaclip-2-worldwide-b32) names, or null. */
    static String repoOf(String ref) {
        if (ref.isEmpty() || ref.equals("metaclip")) {
            return DEFAULT_REPO;
        }
        if (ALIASES.containsValue("facebook/" + ref)) {
            return "facebook/" + ref;
        }
        String key = ref.startsWith("metaclip-") ? ref.substring("metaclip-".length()) : ref;
        return ALIASES.get(key);
    }
}
