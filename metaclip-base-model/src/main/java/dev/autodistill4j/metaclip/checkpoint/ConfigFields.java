package dev.autodistill4j.metaclip.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.function.DoublePredicate;

/**
 * Typed reads of one JSON config file ({@code config.json}, {@code model_config.json}, an export's manifest)
 * that name the file and the field in every refusal. Jackson's {@code asInt(default)} would read
 * {@code "patch_size": "32"} or {@code 0} or {@code -4} without complaint (and {@code asDouble} reads
 * {@code "abc"} as 0), and the model would then fail later with a division by zero, a negative array size or a
 * native reshape error that names neither — or, worse, run with the wrong number.
 *
 * <p>The {@code fallback} methods accept an absent field; the {@code required} ones refuse it.
 */
public final class ConfigFields {
    /** Upper bound for any size in a CLIP config; far above real models, far below an int overflow. */
    public static final int MAX_SIZE = 1 << 24;

    private final Path file;
    private final String remedy;

    ConfigFields(Path file) {
        this(file, "Use the config file that came with the weights.");
    }

    /** Reads of {@code file}; {@code remedy} ends every refusal (what the user should do). */
    public ConfigFields(Path file, String remedy) {
        this.file = file;
        this.remedy = remedy;
    }

    /** A whole number in [min, max] at {@code parent.key}; absent or null is refused. */
    public int requiredWholeNumber(JsonNode parent, String path, String key, int min, int max) {
        JsonNode n = parent.path(key);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw invalid(path, key, n, "a whole number from " + min + " to " + max);
        }
        return n.asInt();
    }

    /** A size in [1, {@link #MAX_SIZE}] at {@code parent.key}; absent or null is refused. */
    public int requiredSize(JsonNode parent, String path, String key) {
        return requiredWholeNumber(parent, path, key, 1, MAX_SIZE);
    }

    /** A finite number at {@code parent.key} that {@code accepted} holds for; absent or null is refused. */
    public double requiredNumber(JsonNode parent, String path, String key, DoublePredicate accepted,
                                 String expected) {
        JsonNode n = parent.path(key);
        if (!n.isNumber() || !Double.isFinite(n.asDouble()) || !accepted.test(n.asDouble())) {
            throw invalid(path, key, n, expected);
        }
        return n.asDouble();
    }

    /** A string at {@code parent.key}; absent, null or another type is refused. */
    public String requiredText(JsonNode parent, String path, String key) {
        JsonNode n = parent.path(key);
        if (!n.isTextual()) {
            throw invalid(path, key, n, "a string");
        }
        return n.asText();
    }

    /** The string at {@code parent.key}, which must be one of {@code allowed}. */
    public String requiredOneOf(JsonNode parent, String path, String key, java.util.Collection<String> allowed) {
        String s = requiredText(parent, path, key);
        if (!allowed.contains(s)) {
            throw invalid(path, key, parent.path(key), "one of " + allowed);
        }
        return s;
    }

    /** A JSON object at {@code parent.key}; absent or another type is refused. */
    public JsonNode requiredObject(JsonNode parent, String path, String key) {
        JsonNode n = parent.path(key);
        if (!n.isObject()) {
            throw invalid(path, key, n, "a JSON object");
        }
        return n;
    }

    /**
     * {@code count} finite numbers at {@code parent.key} (greater than 0 when {@code positive}), or
     * {@code fallback} when absent/null; a null {@code fallback} makes the field required.
     */
    public float[] numbers(JsonNode parent, String path, String key, int count, boolean positive, float[] fallback) {
        JsonNode n = parent.path(key);
        if ((n.isMissingNode() || n.isNull()) && fallback != null) {
            return fallback.clone();
        }
        String expected = count + " finite numbers" + (positive ? " greater than 0" : "");
        if (!n.isArray() || n.size() != count) {
            throw invalid(path, key, n, expected);
        }
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            JsonNode v = n.get(i);
            out[i] = (float) v.asDouble();
            if (!v.isNumber() || !Float.isFinite(out[i]) || (positive && out[i] <= 0)) {
                throw invalid(path, key, n, expected);
            }
        }
        return out;
    }

    /** A whole number in [1, {@link #MAX_SIZE}] at {@code parent.key}, or {@code fallback} when absent/null. */
    int size(JsonNode parent, String path, String key, int fallback) {
        return wholeNumber(parent, path, key, fallback, 1);
    }

    /** A whole number of at least {@code min} at {@code parent.key}, or {@code fallback} when absent/null. */
    int wholeNumber(JsonNode parent, String path, String key, int fallback, int min) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > MAX_SIZE) {
            throw invalid(path, key, n, "a whole number from " + min + " to " + MAX_SIZE);
        }
        return n.asInt();
    }

    /** A finite number greater than 0 at {@code parent.key}, or {@code fallback} when absent/null. */
    double positive(JsonNode parent, String path, String key, double fallback) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() <= 0) {
            throw invalid(path, key, n, "a finite number greater than 0");
        }
        return n.asDouble();
    }

    /** A string at {@code parent.key}, or {@code fallback} when absent/null. */
    String text(JsonNode parent, String path, String key, String fallback) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw invalid(path, key, n, "a string");
        }
        return n.asText();
    }

    /** A boolean at {@code parent.key}, or {@code fallback} when absent/null. */
    boolean flag(JsonNode parent, String path, String key, boolean fallback) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw invalid(path, key, n, "true or false");
        }
        return n.asBoolean();
    }

    /** Refuses a combination of fields, e.g. heads that do not divide the width. */
    public void require(boolean ok, String problem) {
        if (!ok) {
            throw new CheckpointException(file + ": " + problem + ". " + remedy);
        }
    }

    private CheckpointException invalid(String path, String key, JsonNode found, String expected) {
        String shown = found.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "…";
        }
        String what = found.isMissingNode() ? " is missing" : " is " + shown;
        return new CheckpointException(file + ": " + field(path, key) + what + " but must be " + expected + ". "
                + remedy);
    }

    static String field(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
