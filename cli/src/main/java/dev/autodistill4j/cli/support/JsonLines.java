package dev.autodistill4j.cli.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.autodistill4j.api.model.NonFiniteOutputException;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes results as JSON lines (one object per line, flushed), so scripts can stream them through {@code jq}
 * while the command is still running. A line holding NaN or an infinity is never written (Jackson would write
 * the string "NaN", which every script misreads): {@link #write} refuses it with a
 * {@link NonFiniteOutputException} naming the field, whatever command produced it.
 */
public final class JsonLines {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private final PrintWriter out;

    public JsonLines(PrintWriter out) {
        this.out = out;
    }

    /** Writes {@code value} (a Map, record or list) as one line and flushes. */
    public void write(Object value) {
        requireFinite(MAPPER.valueToTree(value), "");
        out.println(toJson(value));
        out.flush();
    }

    /** One-line JSON of {@code value}. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The line printed for an input that could not be processed: {@code {key: file, "error": message}}, so a
     * script sees which file failed and why while the other results keep coming.
     */
    public static Map<String, Object> errorLine(String key, Path file, Exception e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, file.toString());
        m.put("error", e.getMessage());
        return m;
    }

    private static void requireFinite(JsonNode node, String path) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            throw new NonFiniteOutputException("a result holds " + node.asText() + " in '" + path + "': the model "
                    + "produced a non-finite number, so the line was not written. Its weights are probably corrupt or "
                    + "diverged; use another checkpoint.");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireFinite(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                requireFinite(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            }
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
