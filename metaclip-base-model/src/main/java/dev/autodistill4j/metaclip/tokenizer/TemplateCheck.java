package dev.autodistill4j.metaclip.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * A {@code TemplateProcessing} post-processor as the native code uses it without checking: every
 * {@code SpecialToken} its {@code single} and {@code pair} templates name must be defined in
 * {@code special_tokens} (an undefined one makes {@code tokenizers} panic on the first text: "no entry found for
 * key"), each definition's {@code ids} inside the vocabulary and as many as its {@code tokens}; {@code single}
 * uses only sequence A.
 */
final class TemplateCheck {
    static final int MAX_PIECES = 16;
    static final int MAX_SPECIALS = 1024;

    private TemplateCheck() {
    }

    static void check(TokenizerJsonCheck c, JsonNode n, String at) {
        JsonNode specials = n.path("special_tokens");
        TokenizerParts.keys(c, specials, at + ".special_tokens", keysOf(specials));
        if (specials.size() > MAX_SPECIALS) {
            throw c.refuse(at + ".special_tokens", "defines more than " + MAX_SPECIALS + " tokens");
        }
        specials.properties().forEach(e -> special(c, e.getKey(), e.getValue(),
                at + ".special_tokens." + e.getKey()));
        template(c, n.path("single"), at + ".single", specials, Set.of("A"));
        template(c, n.path("pair"), at + ".pair", specials, Set.of("A", "B"));
    }

    private static Set<String> keysOf(JsonNode n) {
        Set<String> keys = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static void special(TokenizerJsonCheck c, String name, JsonNode s, String at) {
        TokenizerParts.keys(c, s, at, Set.of("id", "ids", "tokens"));
        if (!name.equals(TokenizerParts.text(c, s.path("id"), at + ".id"))) {
            throw c.refuse(at + ".id", "differs from its key '" + name + "'");
        }
        JsonNode ids = s.path("ids");
        JsonNode tokens = s.path("tokens");
        if (!ids.isArray() || !tokens.isArray() || ids.isEmpty() || ids.size() != tokens.size()
                || ids.size() > MAX_PIECES) {
            throw c.refuse(at, "must have 1 to " + MAX_PIECES + " ids and as many tokens");
        }
        for (int i = 0; i < ids.size(); i++) {
            c.id(ids.get(i), at + ".ids[" + i + "]");
            TokenizerParts.text(c, tokens.get(i), at + ".tokens[" + i + "]");
        }
    }

    private static void template(TokenizerJsonCheck c, JsonNode t, String at, JsonNode specials,
                                 Set<String> sequences) {
        if (!t.isArray() || t.size() > MAX_PIECES) {
            throw c.refuse(at, "must be a list of at most " + MAX_PIECES + " pieces");
        }
        for (int i = 0; i < t.size(); i++) {
            String pieceAt = at + "[" + i + "]";
            JsonNode piece = t.get(i);
            if (!piece.isObject() || piece.size() != 1 || !(piece.has("SpecialToken") || piece.has("Sequence"))) {
                throw c.refuse(pieceAt, "must be {\"SpecialToken\": …} or {\"Sequence\": …}");
            }
            boolean special = piece.has("SpecialToken");
            JsonNode body = special ? piece.get("SpecialToken") : piece.get("Sequence");
            TokenizerParts.keys(c, body, pieceAt, Set.of("id", "type_id"));
            String id = TokenizerParts.text(c, body.path("id"), pieceAt + ".id");
            TokenizerParts.whole(c, body.path("type_id"), pieceAt + ".type_id");
            if (special && !specials.has(id)) {
                throw c.refuse(pieceAt + ".id", "names special token '" + id + "', which special_tokens does not "
                        + "define (the native tokenizer would abort on the first text)");
            }
            if (!special && !sequences.contains(id)) {
                throw c.refuse(pieceAt + ".id", "names sequence '" + id + "'; this template has only " + sequences);
            }
        }
    }
}
