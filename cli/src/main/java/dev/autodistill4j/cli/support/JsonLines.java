package dev.autodistill4j.cli.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes results as JSON lines (one object per line, flushed), so scripts can stream them through {@code jq}
 * while the command is still running. Non-finite floats are written as strings ("NaN") by Jackson's
 * default; callers should not produce them.
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

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
