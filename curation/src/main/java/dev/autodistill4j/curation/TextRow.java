package dev.autodistill4j.curation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One input row of {@code texts.jsonl}: a JSON object with a string {@code "text"} (the alt-text) and any other
 * fields, of which {@code "id"} is copied into the outputs (the row number, from 0, when absent).
 *
 * Public so that a Spark task parses a row exactly as {@link CurationJob} does.
 *
 * @param row  the row number (non-blank lines counted from 0)
 * @param json the whole object, as read
 * @param text its {@code "text"}
 */
public record TextRow(long row, ObjectNode json, String text) {
    /** Strict like Python's {@code json.loads}: text after the object ("extra data") is an error. */
    public static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** The JSON of the row's id: its {@code "id"} value as written, or the row number. */
    public String idJson() {
        JsonNode id = json.get("id");
        return id == null ? Long.toString(row) : id.toString();
    }

    /** The line of {@code matches.jsonl} for a row: {@code {"id":…,"matches":[…]}} and a newline. */
    public static String matchesLine(String idJson, int[] matches) {
        StringBuilder line = new StringBuilder(24 + matches.length * 7);
        line.append("{\"id\":").append(idJson).append(",\"matches\":[");
        for (int j = 0; j < matches.length; j++) {
            line.append(j == 0 ? "" : ",").append(matches[j]);
        }
        return line.append("]}\n").toString();
    }

    /**
     * The line of {@code kept.jsonl} for this row: its object with {@code "matches"} and {@code "keep_probability"}
     * set (replacing fields of those names), and a newline. Changes {@link #json}.
     */
    public String keptLine(int[] matches, double keepProbability) {
        ArrayNode a = json.putArray("matches");
        for (int id : matches) {
            a.add(id);
        }
        json.put("keep_probability", keepProbability);
        return json.toString() + "\n";
    }

    /**
     * Parses one line.
     *
     * @throws CurationException naming the file and line when it is not a JSON object with a string "text"
     */
    public static TextRow parse(Path file, long lineNumber, long row, byte[] line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new CurationException(file + " line " + lineNumber + " is not valid JSON ("
                    + Metadata.firstLine(e) + "): each line must be one object such as {\"id\": 1, \"text\": \"a cat\"}",
                    e);
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new CurationException(file + " line " + lineNumber + " is not a JSON object: each line must be "
                    + "one object such as {\"id\": 1, \"text\": \"a cat\"}");
        }
        JsonNode text = obj.get("text");
        if (text == null || !text.isTextual()) {
            throw new CurationException(file + " line " + lineNumber + (text == null ? " has no \"text\"" :
                    " has a \"text\" that is not a string") + ": each line needs the alt-text as \"text\": \"...\"");
        }
        return new TextRow(row, obj, text.textValue());
    }
}
