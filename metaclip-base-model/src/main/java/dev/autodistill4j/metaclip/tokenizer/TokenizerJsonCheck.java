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
import java.util.Map;
import java.util.Set;

/**
 * Checks a Hugging Face {@code tokenizer.json} before the native {@code tokenizers} library (Rust, through DJL)
 * sees it. That library aborts the whole JVM (exit 134) on some inputs instead of returning an error: a regex
 * that backtracks past Oniguruma's limit on some text, a {@code TemplateProcessing} naming a special token it
 * does not define, a {@code precompiled_charsmap} it cannot parse. A server would die on one request. So the
 * file is accepted only when every part is one this check understands: the known top-level keys; normalisers,
 * pre-tokenizers, post-processors and decoders of the known types with their known fields (strings at most
 * 4,096 characters, sequences at most 64 long and 8 deep); regexes that {@link TokenizerRegex} finds bounded;
 * a charsmap {@link PrecompiledCharsmap} can walk; template special tokens that exist, with ids inside the
 * vocabulary; added tokens that are objects with known fields. Anything else is refused naming the file and the
 * JSON path, before any native code runs.
 */
final class TokenizerJsonCheck {
    /** MetaCLIP 2's real tokenizer.json is tens of MB; a larger file is not a tokenizer. */
    static final long MAX_FILE_BYTES = 512L << 20;
    static final int MAX_STRING = 4096;
    static final int MAX_SEQUENCE = 64;
    static final int MAX_DEPTH = 8;
    static final int MAX_ADDED_TOKENS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("version", "truncation", "padding", "added_tokens", "normalizer",
            "pre_tokenizer", "post_processor", "decoder", "model");
    private static final Map<String, Set<String>> MODEL_KEYS = Map.of(
            "Unigram", Set.of("type", "unk_id", "vocab", "byte_fallback"),
            "BPE", Set.of("type", "dropout", "unk_token", "continuing_subword_prefix", "end_of_word_suffix", "fuse_unk",
                    "byte_fallback", "ignore_merges", "vocab", "merges"),
            "WordPiece", Set.of("type", "unk_token", "continuing_subword_prefix", "max_input_chars_per_word", "vocab"),
            "WordLevel", Set.of("type", "vocab", "unk_token"));

    private final Path file;
    private final int vocabulary;

    private TokenizerJsonCheck(Path file, int vocabulary) {
        this.file = file;
        this.vocabulary = vocabulary;
    }

    /**
     * Checks {@code tokenizerJson}, whose ids are below {@code vocabulary} (as counted by
     * {@link HfTokenizerFiles#vocabularySize}).
     *
     * @throws CheckpointException naming the file and the JSON path of the first part that is refused
     */
    static void check(Path tokenizerJson, int vocabulary) {
        new TokenizerJsonCheck(tokenizerJson, vocabulary).run();
    }

    private void run() {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw refuse("", "is " + Files.size(file) + " bytes, more than a tokenizer.json can be ("
                        + (MAX_FILE_BYTES >> 20) + " MiB)");
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        JsonFactory factory = JSON.getFactory();
        try (JsonParser p = factory.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw refuse("", "is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                if (!TOP.contains(key)) {
                    throw refuse(key, "is not a tokenizer.json field (known: " + TOP + ")");
                }
                if (key.equals("model")) {
                    model(p);
                } else {
                    section(key, JSON.readTree(p));
                }
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + " (" + e.getMessage() + "); re-download it", e);
        }
    }

    private void section(String key, JsonNode n) {
        switch (key) {
            case "version" -> TokenizerParts.text(this, n, key);
            case "truncation", "padding" -> {
                if (!n.isNull()) {
                    TokenizerParts.settings(this, n, key);
                }
            }
            case "added_tokens" -> addedTokens(n);
            default -> {
                if (!n.isNull()) {
                    TokenizerParts.component(this, TokenizerParts.Kind.of(key), n, key, 0);
                }
            }
        }
    }

    private void addedTokens(JsonNode n) {
        if (!n.isArray() || n.size() > MAX_ADDED_TOKENS) {
            throw refuse("added_tokens", "must be a list of at most " + MAX_ADDED_TOKENS + " tokens");
        }
        for (int i = 0; i < n.size(); i++) {
            String at = "added_tokens[" + i + "]";
            JsonNode t = n.get(i);
            TokenizerParts.keys(this, t, at, Set.of("id", "content", "single_word", "lstrip", "rstrip",
                    "normalized", "special"));
            id(t.path("id"), at + ".id");
            String content = TokenizerParts.text(this, t.path("content"), at + ".content");
            if (content.isEmpty()) {
                throw refuse(at + ".content", "is empty");
            }
            for (String flag : new String[]{"single_word", "lstrip", "rstrip", "normalized", "special"}) {
                TokenizerParts.flag(this, t.path(flag), at + "." + flag);
            }
        }
    }

    /** The model section, streamed (a vocabulary may have a million entries): its type and known keys. */
    private void model(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw refuse("model", "must be an object");
        }
        String type = null;
        java.util.List<String> keys = new java.util.ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            keys.add(key);
            if (key.equals("type")) {
                type = value == JsonToken.VALUE_STRING ? p.getText() : "";
            } else if (key.equals("vocab") || key.equals("merges")) {
                if (value != JsonToken.START_ARRAY && value != JsonToken.START_OBJECT) {
                    throw refuse("model." + key, "must be a list or an object");
                }
                p.skipChildren();
            } else {
                JsonNode v = JSON.readTree(p);
                if (v.isContainerNode() || (v.isTextual() && v.asText().length() > MAX_STRING)) {
                    throw refuse("model." + key, "must be a number, string (at most " + MAX_STRING
                            + " characters), boolean or null");
                }
            }
        }
        if (type == null || !MODEL_KEYS.containsKey(type)) {
            throw refuse("model.type", "is " + (type == null ? "missing" : "'" + type + "'") + "; known models: "
                    + MODEL_KEYS.keySet());
        }
        for (String key : keys) {
            if (!MODEL_KEYS.get(type).contains(key)) {
                throw refuse("model." + key, "is not a field of a " + type + " model");
            }
        }
    }

    /** A token id inside the vocabulary. */
    int id(JsonNode n, String path) {
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0 || n.asInt() >= vocabulary) {
            throw refuse(path, "is " + TokenizerParts.shown(n) + " but must be a token id from 0 to "
                    + (vocabulary - 1));
        }
        return n.asInt();
    }

    CheckpointException refuse(String path, String problem) {
        return new CheckpointException(file + (path.isEmpty() ? "" : ": " + path) + " " + problem
                + ". autodistill4j hands tokenizer.json to native code only when it understands every part of it "
                + "(some mistakes there abort the JVM): use the tokenizer.json that came with the checkpoint.");
    }
}
