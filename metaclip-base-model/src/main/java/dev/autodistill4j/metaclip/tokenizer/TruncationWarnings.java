package dev.autodistill4j.metaclip.tokenizer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Says, once per text, that a prompt longer than the model's context was cut. CLIP only ever sees the first
 * {@code contextLength} tokens, so a long prompt silently loses its tail (and with it, often, what tells two
 * classes apart); the user must hear about it, but a prompt encoded on every call must not flood the log.
 */
final class TruncationWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(ClipTokenizer.class);
    /** Texts remembered; beyond this the oldest are forgotten (and could be warned about again). */
    private static final int REMEMBERED = 1024;
    private static final int SHOWN_CHARS = 120;

    private final Set<String> warned = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** Logs a warning naming {@code text} unless one was logged for it already. Returns whether it logged. */
    synchronized boolean cut(String text, int tokens, int contextLength) {
        if (!warned.add(text)) {
            return false;
        }
        String shown = text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
        LOG.warn("prompt \"{}\" is {} tokens but the model reads at most {}: it was cut to its first {} tokens; "
                + "shorten it so the words that matter come first", shown, tokens, contextLength, contextLength);
        return true;
    }
}
