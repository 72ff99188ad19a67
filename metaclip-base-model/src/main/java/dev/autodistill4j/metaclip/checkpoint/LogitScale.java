package dev.autodistill4j.metaclip.checkpoint;

import java.util.Locale;

/**
 * The one definition of an acceptable CLIP temperature, for every file that carries one: a checkpoint's
 * {@code logit_scale} tensor (its log, trained CLIPs clamp it at ln 100 ≈ 4.6) and an export's manifest (the
 * scale itself, {@code logits = scale × cosine}, e.g. 100). Outside ±ln 1000 the scale exceeds 1000 or falls
 * below 1/1000, which makes every prediction a certain one-hot or a uniform guess; zero or a negative scale
 * gives every class the same probability or inverts the ranking. Such a file is refused, never used.
 */
public final class LogitScale {
    /** Largest |log of the scale| accepted: ln 1000. */
    public static final float LOG_LIMIT = 6.9078f;

    private LogitScale() {
    }

    /** Whether {@code log} (a checkpoint's {@code logit_scale}) is a usable log-temperature. */
    public static boolean acceptsLog(double log) {
        return Double.isFinite(log) && Math.abs(log) <= LOG_LIMIT;
    }

    /** Whether {@code scale} (an export's {@code logit_scale}, the exp of the log) is usable. */
    public static boolean acceptsScale(double scale) {
        return Double.isFinite(scale) && scale > 0 && acceptsLog(Math.log(scale));
    }

    /** The accepted range of the scale, for messages. */
    public static String scaleRange() {
        return String.format(Locale.ROOT, "a number from %.4g to %.4g (exp(±ln 1000); 100 for trained CLIPs)",
                Math.exp(-LOG_LIMIT), Math.exp(LOG_LIMIT));
    }
}
