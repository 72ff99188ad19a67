package dev.autodistill4j.metaclip.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/**
 * Typed reads of one JSON config file ({@code config.json}, {@code model_config.json}) that name the file and
 * the field in every refusal. Jackson's {@code asInt(default)} would read {@code "patch_size": "32"} or
 * {@code 0} or {@code -4} without complaint, and the model would then fail later with a division by zero, a
 * negative array size or a native reshape error that names neither.
 */
final class ConfigFields {
    /** Upper bound for any size in a CLIP config; far above real models, far below an int overflow. */
    static final int MAX_SIZE = 1 << 24;

    private final Path file;

    ConfigFields(Path file) {
        this.file = file;
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
    void require(boolean ok, String problem) {
        if (!ok) {
            throw new CheckpointException(file + ": " + problem + ". Use the config file that came with the weights.");
        }
    }

    private CheckpointException invalid(String path, String key, JsonNode found, String expected) {
        String shown = found.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "…";
        }
        return new CheckpointException(file + ": " + field(path, key) + " is " + shown + " but must be " + expected
                + ". Use the config file that came with the weights.");
    }

    static String field(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
