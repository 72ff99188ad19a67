package dev.autodistill4j.metaclip.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Facts about a Hugging Face tokenizer folder that the model needs beyond the ids: how many ids
 * {@code tokenizer.json} defines and which id pads.
 *
 * <p>MetaCLIP 2's real {@code tokenizer.json} holds a 901,629-entry vocabulary (tens of MB), so it is read with
 * Jackson's streaming parser: vocabulary entries are counted, never held.
 */
public final class HfTokenizerFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private HfTokenizerFiles() {
    }

    /** 1 + the highest id of {@code tokenizer.json}'s model vocabulary and added tokens. */
    public static int vocabularySize(Path tokenizerJson) {
        try (JsonParser p = FACTORY.createParser(tokenizerJson.toFile())) {
            expect(p, p.nextToken() == JsonToken.START_OBJECT, tokenizerJson, "is not a JSON object");
            int size = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("added_tokens") && p.currentToken() == JsonToken.START_ARRAY) {
                    for (JsonNode t : (JsonNode) JSON.readTree(p)) {
                        size = Math.max(size, t.path("id").asInt(-1) + 1);
                    }
                } else if (field.equals("model") && p.currentToken() == JsonToken.START_OBJECT) {
                    size = Math.max(size, modelVocabulary(p, tokenizerJson));
                } else {
                    p.skipChildren();
                }
            }
            expect(p, size > 0, tokenizerJson, "defines no vocabulary");
            return size;
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + tokenizerJson + " (" + e.getMessage() + "); re-download"
                    + " it", e);
        }
    }

    /** Inside {@code "model": {...}}: the vocabulary as a list (Unigram) counts; as a map (BPE) its ids count. */
    private static int modelVocabulary(JsonParser p, Path file) throws IOException {
        int size = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("vocab") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    p.skipChildren();
                    size++;
                }
            } else if (field.equals("vocab") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    p.nextToken();
                    size = Math.max(size, p.getValueAsInt(-1) + 1);
                }
            } else {
                p.skipChildren();
            }
        }
        return size;
    }

    /**
     * The pad id: the id of {@code pad_token} (from {@code tokenizer_config.json} or
     * {@code special_tokens_map.json}, default {@code <pad>}) among {@code tokenizer.json}'s added tokens, else
     * {@code fallback} (the config's {@code pad_token_id}).
     */
    public static int padId(Path folder, int fallback) {
        String pad = padToken(folder.resolve("tokenizer_config.json"));
        if (pad == null) {
            pad = padToken(folder.resolve("special_tokens_map.json"));
        }
        if (pad == null) {
            pad = "<pad>";
        }
        Path tokenizerJson = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerJson)) {
            return fallback;
        }
        try (JsonParser p = FACTORY.createParser(tokenizerJson.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fallback;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("added_tokens") && p.currentToken() == JsonToken.START_ARRAY) {
                    for (JsonNode t : (JsonNode) JSON.readTree(p)) {
                        if (pad.equals(t.path("content").asText(null))) {
                            return t.path("id").asInt(fallback);
                        }
                    }
                    return fallback;
                }
                p.skipChildren();
            }
            return fallback;
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + tokenizerJson + " (" + e.getMessage() + "); re-download"
                    + " it", e);
        }
    }

    /** {@code tokenizer_class} of {@code tokenizer_config.json}, or "" when absent. */
    public static String tokenizerClass(Path folder) {
        JsonNode root = readOptional(folder.resolve("tokenizer_config.json"));
        return root == null ? "" : root.path("tokenizer_class").asText("");
    }

    private static String padToken(Path file) {
        JsonNode root = readOptional(file);
        if (root == null) {
            return null;
        }
        JsonNode pad = root.path("pad_token");
        return pad.isTextual() ? pad.asText() : pad.path("content").isTextual() ? pad.path("content").asText() : null;
    }

    private static JsonNode readOptional(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return root != null && root.isObject() ? root : null;
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + " (" + e.getMessage() + "); re-download it", e);
        }
    }

    private static void expect(JsonParser p, boolean ok, Path file, String problem) {
        if (!ok) {
            throw new CheckpointException(file + " " + problem + "; it is not a Hugging Face tokenizer.json."
                    + " Re-download it.");
        }
    }
}
