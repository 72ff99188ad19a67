package dev.autodistill4j.curation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One input row of {@code texts.jsonl}: a JSON object with a string {@code "text"} (the alt-text) and any other
 * fields, of which {@code "id"} is copied into the outputs (the row number, from 0, when absent).
 *
 * @param row  the row number (non-blank lines counted from 0)
 * @param json the whole object, as read
 * @param text its {@code "text"}
 */
record TextRow(long row, ObjectNode json, String text) {
    /** Strict like Python's {@code json.loads}: text after the object ("extra data") is an error. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** The JSON of the row's id: its {@code "id"} value as written, or the row number. */
    String idJson() {
        JsonNode id = json.get("id");
        return id == null ? Long.toString(row) : id.toString();
    }

    /**
     * Parses one line.
     *
     * @throws CurationException naming the file and line when it is not a JSON object with a string "text"
     */
    static TextRow parse(Path file, long lineNumber, long row, byte[] line) {
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
