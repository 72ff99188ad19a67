package dev.autodistill4j.datasets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code manifest.jsonl}: what happened to one input image.
 *
 * <p>JSON fields: {@code source} (absolute path of the input), {@code sha256} (hex of its bytes, null when
 * unreadable), {@code split} ({@code train}/{@code valid}/{@code test}; null for unlabeled or failed images),
 * {@code class} (the class name, or null when no class passed the threshold), {@code confidence} (the kept
 * class's probability, or the top-1 probability of an unlabeled image), {@code scores} (class → probability,
 * every class), {@code file} (where the copy lies, relative to the dataset root, '/'-separated) and
 * {@code error} (only for images that could not be processed).
 */
public record ManifestRecord(String source, String sha256, String split, String className, Double confidence,
                             Map<String, Double> scores, String file, String error) {

    public ManifestRecord {
        scores = scores == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }

    /** A record for an input that could not be read or decoded. */
    public static ManifestRecord failed(String source, String sha256, String error) {
        return new ManifestRecord(source, sha256, null, null, null, null, null, error);
    }

    public boolean isError() {
        return error != null;
    }

    public boolean isUnlabeled() {
        return error == null && className == null;
    }

    /** The ordered JSON object; {@code file} and {@code error} appear only when set. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("sha256", sha256);
        m.put("split", split);
        m.put("class", className);
        m.put("confidence", confidence);
        m.put("scores", scores);
        if (file != null) {
            m.put("file", file);
        }
        if (error != null) {
            m.put("error", error);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static ManifestRecord fromJson(Map<String, Object> m) {
        Object source = m.get("source");
        if (!(source instanceof String)) {
            throw new IllegalArgumentException("no \"source\"");
        }
        Map<String, Double> scores = null;
        if (m.get("scores") instanceof Map<?, ?> s) {
            scores = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : s.entrySet()) {
                scores.put(String.valueOf(e.getKey()), ((Number) e.getValue()).doubleValue());
            }
        }
        Object conf = m.get("confidence");
        return new ManifestRecord((String) source, (String) m.get("sha256"), (String) m.get("split"),
                (String) m.get("class"), conf == null ? null : ((Number) conf).doubleValue(), scores,
                (String) m.get("file"), (String) m.get("error"));
    }
}
