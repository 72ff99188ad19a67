package dev.autodistill4j.datasets.review;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code reviews.jsonl}: a person's decision about one image of a labelled dataset.
 *
 * <p>Fields: {@code seq} (1, 2, 3… in log order), {@code when} (ISO-8601 instant), {@code who}, {@code action}
 * ({@code move}: the image changed class or became unlabeled; {@code accept}: the label was confirmed, nothing
 * moved; {@code undo}: the decision {@code undoes} was reverted), {@code source} and {@code sha256} (the manifest
 * record's key and the image's content hash), {@code from}/{@code to} (class names, null = unlabeled),
 * {@code fromSplit}/{@code toSplit} and {@code fromFile}/{@code toFile} (paths relative to the dataset root).
 * {@code replayed} is set on records copied from another dataset's log by {@code review --replay}.
 */
public record ReviewRecord(long seq, String when, String who, Action action, String source, String sha256,
                           String from, String to, String fromSplit, String toSplit, String fromFile, String toFile,
                           Long undoes, String replayed) {

    /** What a review record did. */
    public enum Action {
        MOVE, ACCEPT, UNDO;

        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Action parse(Object v) {
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException("no \"action\"");
            }
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Whether this record changed where the image lies (a move, or the undo of one). */
    public boolean movesFile() {
        return fromFile != null && toFile != null && !fromFile.equals(toFile);
    }

    /** The ordered JSON object of one line. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("when", when);
        m.put("who", who);
        m.put("action", action.json());
        m.put("source", source);
        m.put("sha256", sha256);
        m.put("from", from);
        m.put("to", to);
        m.put("fromSplit", fromSplit);
        m.put("toSplit", toSplit);
        m.put("fromFile", fromFile);
        m.put("toFile", toFile);
        if (undoes != null) {
            m.put("undoes", undoes);
        }
        if (replayed != null) {
            m.put("replayed", replayed);
        }
        return m;
    }

    static ReviewRecord fromJson(Map<String, Object> m) {
        if (!(m.get("seq") instanceof Number seq) || !(m.get("source") instanceof String source)) {
            throw new IllegalArgumentException("no \"seq\" or \"source\"");
        }
        Object undoes = m.get("undoes");
        return new ReviewRecord(seq.longValue(), text(m, "when"), text(m, "who"), Action.parse(m.get("action")),
                source, text(m, "sha256"), text(m, "from"), text(m, "to"), text(m, "fromSplit"), text(m, "toSplit"),
                text(m, "fromFile"), text(m, "toFile"), undoes instanceof Number n ? n.longValue() : null,
                text(m, "replayed"));
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("\"" + key + "\" is not text");
        }
        return (String) v;
    }
}
