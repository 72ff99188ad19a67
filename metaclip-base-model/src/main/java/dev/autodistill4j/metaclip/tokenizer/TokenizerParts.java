package dev.autodistill4j.metaclip.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a {@code tokenizer.json} that {@link TokenizerJsonCheck} accepts, by kind and type, each with the
 * fields that type has in {@code tokenizers} 0.21 (the version DJL 0.36 ships). Values are checked by their
 * meaning: flags are booleans, sizes and ids whole numbers, strings bounded, patterns bounded regexes, the
 * charsmap walkable, template special tokens defined.
 */
final class TokenizerParts {
    /** The four component sections and the list key of their {@code Sequence}. */
    enum Kind {
        NORMALIZER("normalizers"), PRE_TOKENIZER("pretokenizers"), POST_PROCESSOR("processors"), DECODER("decoders");

        final String sequenceKey;

        Kind(String sequenceKey) {
            this.sequenceKey = sequenceKey;
        }

        static Kind of(String section) {
            return switch (section) {
                case "normalizer" -> NORMALIZER;
                case "pre_tokenizer" -> PRE_TOKENIZER;
                case "post_processor" -> POST_PROCESSOR;
                default -> DECODER;
            };
        }
    }

    private static final Set<String> BYTE_LEVEL = Set.of("type", "add_prefix_space", "trim_offsets", "use_regex");
    private static final Set<String> METASPACE = Set.of("type", "replacement", "prepend_scheme", "split",
            "add_prefix_space", "str_rep");
    private static final Map<Kind, Map<String, Set<String>>> TYPES = Map.of(
            Kind.NORMALIZER, Map.ofEntries(
                    Map.entry("BertNormalizer", Set.of("type", "clean_text", "handle_chinese_chars", "strip_accents",
                            "lowercase")),
                    Map.entry("Strip", Set.of("type", "strip_left", "strip_right")),
                    Map.entry("StripAccents", Set.of("type")), Map.entry("NFC", Set.of("type")),
                    Map.entry("NFD", Set.of("type")), Map.entry("NFKC", Set.of("type")),
                    Map.entry("NFKD", Set.of("type")), Map.entry("Lowercase", Set.of("type")),
                    Map.entry("Nmt", Set.of("type")), Map.entry("ByteLevel", Set.of("type")),
                    Map.entry("Precompiled", Set.of("type", "precompiled_charsmap")),
                    Map.entry("Replace", Set.of("type", "pattern", "content")),
                    Map.entry("Prepend", Set.of("type", "prepend")),
                    Map.entry("Sequence", Set.of("type", "normalizers"))),
            Kind.PRE_TOKENIZER, Map.ofEntries(
                    Map.entry("BertPreTokenizer", Set.of("type")), Map.entry("ByteLevel", BYTE_LEVEL),
                    Map.entry("CharDelimiterSplit", Set.of("type", "delimiter")), Map.entry("Metaspace", METASPACE),
                    Map.entry("Whitespace", Set.of("type")), Map.entry("WhitespaceSplit", Set.of("type")),
                    Map.entry("Punctuation", Set.of("type", "behavior")),
                    Map.entry("Digits", Set.of("type", "individual_digits")),
                    Map.entry("UnicodeScripts", Set.of("type")),
                    Map.entry("Split", Set.of("type", "pattern", "behavior", "invert")),
                    Map.entry("Sequence", Set.of("type", "pretokenizers"))),
            Kind.POST_PROCESSOR, Map.of(
                    "RobertaProcessing", Set.of("type", "sep", "cls", "trim_offsets", "add_prefix_space"),
                    "BertProcessing", Set.of("type", "sep", "cls"), "ByteLevel", BYTE_LEVEL,
                    "TemplateProcessing", Set.of("type", "single", "pair", "special_tokens"),
                    "Sequence", Set.of("type", "processors")),
            Kind.DECODER, Map.ofEntries(
                    Map.entry("ByteLevel", BYTE_LEVEL), Map.entry("WordPiece", Set.of("type", "prefix", "cleanup")),
                    Map.entry("Metaspace", METASPACE), Map.entry("BPEDecoder", Set.of("type", "suffix")),
                    Map.entry("CTC", Set.of("type", "pad_token", "word_delimiter_token", "cleanup")),
                    Map.entry("Replace", Set.of("type", "pattern", "content")), Map.entry("Fuse", Set.of("type")),
                    Map.entry("Strip", Set.of("type", "content", "start", "stop")),
                    Map.entry("ByteFallback", Set.of("type")), Map.entry("Sequence", Set.of("type", "decoders"))));
    private static final Map<String, Set<String>> SETTINGS = Map.of(
            "truncation", Set.of("direction", "max_length", "strategy", "stride"),
            "padding", Set.of("strategy", "direction", "pad_to_multiple_of", "pad_id", "pad_type_id", "pad_token"));

    private TokenizerParts() {
    }

    static void component(TokenizerJsonCheck c, Kind kind, JsonNode n, String at, int depth) {
        if (depth > TokenizerJsonCheck.MAX_DEPTH) {
            throw c.refuse(at, "nests sequences deeper than " + TokenizerJsonCheck.MAX_DEPTH);
        }
        String type = text(c, n.path("type"), at + ".type");
        Set<String> fields = TYPES.get(kind).get(type);
        if (fields == null) {
            throw c.refuse(at + ".type", "is '" + type + "', not a known " + kind.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " (known: " + new java.util.TreeSet<>(TYPES.get(kind).keySet()) + ")");
        }
        keys(c, n, at, fields);
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            value(c, kind, e.getKey(), e.getValue(), at + "." + e.getKey(), depth);
        }
        if (type.equals("TemplateProcessing")) {
            TemplateCheck.check(c, n, at);
        }
    }

    private static void value(TokenizerJsonCheck c, Kind kind, String key, JsonNode v, String at, int depth) {
        switch (key) {
            case "type" -> { }
            case "normalizers", "pretokenizers", "processors", "decoders" -> {
                if (!v.isArray() || v.size() > TokenizerJsonCheck.MAX_SEQUENCE) {
                    throw c.refuse(at, "must be a list of at most " + TokenizerJsonCheck.MAX_SEQUENCE + " parts");
                }
                for (int i = 0; i < v.size(); i++) {
                    component(c, kind, v.get(i), at + "[" + i + "]", depth + 1);
                }
            }
            case "pattern" -> pattern(c, v, at);
            case "precompiled_charsmap" -> {
                String problem = PrecompiledCharsmap.problem(v.isTextual() ? v.asText() : "\0");
                if (problem != null) {
                    throw c.refuse(at, problem);
                }
            }
            case "single", "pair", "special_tokens" -> { } // checked together below
            case "sep", "cls" -> {
                if (!v.isArray() || v.size() != 2) {
                    throw c.refuse(at, "must be [token, id]");
                }
                text(c, v.get(0), at + "[0]");
                c.id(v.get(1), at + "[1]");
            }
            case "start", "stop", "max_input_chars_per_word" -> whole(c, v, at);
            default -> scalar(c, v, at);
        }
    }

    /** A Replace/Split pattern: {@code {"String": s}} or {@code {"Regex": r}} with a bounded regex. */
    private static void pattern(TokenizerJsonCheck c, JsonNode v, String at) {
        if (!v.isObject() || v.size() != 1 || !(v.has("String") || v.has("Regex"))) {
            throw c.refuse(at, "must be {\"String\": …} or {\"Regex\": …}");
        }
        if (v.has("String")) {
            text(c, v.get("String"), at + ".String");
            return;
        }
        String regex = text(c, v.get("Regex"), at + ".Regex");
        String problem = TokenizerRegex.problem(regex);
        if (problem != null) {
            throw c.refuse(at + ".Regex", "'" + shorten(regex) + "' " + problem + " — the native tokenizer runs it "
                    + "with a backtracking engine that aborts the JVM when one match takes too long");
        }
    }

    static void settings(TokenizerJsonCheck c, JsonNode n, String at) {
        keys(c, n, at, SETTINGS.get(at));
        n.properties().forEach(e -> scalar(c, e.getValue(), at + "." + e.getKey()));
    }

    /** Refuses an object with keys outside {@code allowed}. */
    static void keys(TokenizerJsonCheck c, JsonNode n, String at, Set<String> allowed) {
        if (!n.isObject()) {
            throw c.refuse(at, "must be a JSON object");
        }
        Set<String> unknown = new HashSet<>();
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw c.refuse(at, "has fields " + unknown + " that this part does not have (known: "
                    + new java.util.TreeSet<>(allowed) + ")");
        }
    }

    static String text(TokenizerJsonCheck c, JsonNode n, String at) {
        if (!n.isTextual() || n.asText().length() > TokenizerJsonCheck.MAX_STRING) {
            throw c.refuse(at, "is " + shown(n) + " but must be a string of at most " + TokenizerJsonCheck.MAX_STRING
                    + " characters");
        }
        return n.asText();
    }

    static void flag(TokenizerJsonCheck c, JsonNode n, String at) {
        if (!n.isMissingNode() && !n.isBoolean()) {
            throw c.refuse(at, "is " + shown(n) + " but must be true or false");
        }
    }

    static int whole(TokenizerJsonCheck c, JsonNode n, String at) {
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw c.refuse(at, "is " + shown(n) + " but must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        return n.asInt();
    }

    /** A setting value: null, a boolean, a whole number in int range, or a bounded string. */
    private static void scalar(TokenizerJsonCheck c, JsonNode v, String at) {
        if (v.isNull() || v.isBoolean()) {
            return;
        }
        if (v.isNumber()) {
            whole(c, v, at);
            return;
        }
        text(c, v, at);
    }

    static String shown(JsonNode n) {
        return n.isMissingNode() ? "missing" : shorten(n.toString());
    }

    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
