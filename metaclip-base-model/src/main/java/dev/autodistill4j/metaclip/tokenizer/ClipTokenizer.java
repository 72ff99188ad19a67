package dev.autodistill4j.metaclip.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * CLIP's text tokenizer (OpenAI {@code simple_tokenizer}, which MetaCLIP and OpenCLIP use unchanged), in Java.
 *
 * <p>Pipeline: {@link TextCleaner} (ftfy's character fixes, NFC, {@code html.unescape} twice, whitespace
 * collapsed, lower case) → the pre-tokenizer regex
 * {@code <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+} → each
 * pre-token's UTF-8 bytes mapped to printable characters ({@link ByteEncoder}) → BPE ({@link BytePairEncoding})
 * → ids. {@link #encode} wraps the ids in {@code <|startoftext|>} (49406) and {@code <|endoftext|>} (49407) and
 * truncates to the context length keeping the end token, as {@code clip.tokenize(..., truncate=True)} does.
 *
 * <p>The vocabulary comes either from Hugging Face's {@code vocab.json} + {@code merges.txt} or from the
 * bundled {@code bpe_simple_vocab_16e6.txt.gz} (checkpoints that carry no tokenizer files), from which the
 * vocabulary is derived exactly as the reference does. Immutable and thread-safe.
 */
public final class ClipTokenizer implements TextTokenizer {
    /** The bundled CLIP merges (MIT, OpenAI CLIP; identical in MetaCLIP's and OpenCLIP's repositories). */
    public static final String BUNDLED_BPE = "bpe_simple_vocab_16e6.txt.gz";
    public static final String START_OF_TEXT = "<|startoftext|>";
    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final int DEFAULT_CONTEXT_LENGTH = 77;
    /** Merges used from the gz file: 49152 - 256 - 2 (the reference reads lines 1..48894). */
    private static final int BUNDLED_MERGES = 49152 - 256 - 2;

    private static final Pattern PRE_TOKENIZER = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    private static volatile ClipTokenizer bundled;

    private final Map<String, Integer> encoder;
    private final String[] decoder;
    private final BytePairEncoding bpe;
    private final int startId;
    private final int endId;
    private final int contextLength;
    private final TruncationWarnings truncations = new TruncationWarnings();

    private ClipTokenizer(Map<String, Integer> encoder, Map<String, Integer> ranks, int contextLength, String source) {
        this.encoder = Map.copyOf(encoder);
        Integer sot = encoder.get(START_OF_TEXT);
        Integer eot = encoder.get(END_OF_TEXT);
        if (sot == null || eot == null) {
            throw new CheckpointException(source + ": the vocabulary has no " + START_OF_TEXT + " / " + END_OF_TEXT
                    + " token; it is not a CLIP vocabulary");
        }
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, got " + contextLength);
        }
        this.startId = sot;
        this.endId = eot;
        this.contextLength = contextLength;
        int max = encoder.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        this.decoder = new String[max + 1];
        encoder.forEach((token, id) -> decoder[id] = token);
        this.bpe = new BytePairEncoding(Map.copyOf(ranks));
    }

    /** The tokenizer of a Hugging Face checkpoint folder ({@code vocab.json}, {@code merges.txt}). */
    public static ClipTokenizer fromFiles(Path vocabJson, Path mergesTxt) {
        return fromFiles(vocabJson, mergesTxt, DEFAULT_CONTEXT_LENGTH);
    }

    public static ClipTokenizer fromFiles(Path vocabJson, Path mergesTxt, int contextLength) {
        Map<String, Integer> encoder = new HashMap<>();
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(vocabJson, StandardCharsets.UTF_8));
            if (root == null || !root.isObject()) {
                throw new CheckpointException(vocabJson + ": not a JSON object of token -> id; replace it with the"
                        + " checkpoint's original vocab.json");
            }
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                if (!e.getValue().canConvertToInt()) {
                    throw new CheckpointException(vocabJson + ": token " + e.getKey() + " has a non-integer id");
                }
                encoder.put(e.getKey(), e.getValue().intValue());
            }
        } catch (JsonProcessingException e) {
            throw new CheckpointException(vocabJson + ": invalid JSON (" + e.getOriginalMessage()
                    + "); replace it with the checkpoint's original vocab.json", e);
        } catch (IOException e) {
            throw new CheckpointException(vocabJson + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(mergesTxt, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckpointException(mergesTxt + ": cannot read (" + e.getMessage() + ")", e);
        }
        Map<String, Integer> ranks = new HashMap<>();
        int rank = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if ((i == 0 && line.startsWith("#version")) || line.isBlank()) {
                continue;
            }
            String[] pair = line.trim().split(" ");
            if (pair.length != 2) {
                throw new CheckpointException(mergesTxt + ": line " + (i + 1) + " is not a merge of two symbols: '"
                        + line + "'");
            }
            ranks.putIfAbsent(pair[0] + " " + pair[1], rank++);
        }
        return new ClipTokenizer(encoder, ranks, contextLength, vocabJson.toString());
    }

    /** The tokenizer from CLIP's BPE merges shipped in this jar (for checkpoints without tokenizer files). */
    public static ClipTokenizer bundled() {
        ClipTokenizer t = bundled;
        if (t == null) {
            synchronized (ClipTokenizer.class) {
                t = bundled;
                if (t == null) {
                    t = fromGzMerges();
                    bundled = t;
                }
            }
        }
        return t;
    }

    private static ClipTokenizer fromGzMerges() {
        List<String> merges = new ArrayList<>(BUNDLED_MERGES);
        try (InputStream raw = ClipTokenizer.class.getResourceAsStream(BUNDLED_BPE)) {
            if (raw == null) {
                throw new IllegalStateException("resource " + BUNDLED_BPE + " is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                    StandardCharsets.UTF_8));
            r.readLine(); // "#version: 0.2"
            String line;
            while (merges.size() < BUNDLED_MERGES && (line = r.readLine()) != null) {
                merges.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + BUNDLED_BPE, e);
        }
        List<String> vocab = new ArrayList<>(49408);
        List<String> byteChars = ByteEncoder.alphabet();
        vocab.addAll(byteChars);
        for (String c : byteChars) {
            vocab.add(c + "</w>");
        }
        Map<String, Integer> ranks = new HashMap<>();
        for (String merge : merges) {
            String[] pair = merge.split(" ");
            vocab.add(pair[0] + pair[1]);
            ranks.putIfAbsent(pair[0] + " " + pair[1], ranks.size());
        }
        vocab.add(START_OF_TEXT);
        vocab.add(END_OF_TEXT);
        Map<String, Integer> encoder = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            encoder.put(vocab.get(i), i);
        }
        return new ClipTokenizer(encoder, ranks, DEFAULT_CONTEXT_LENGTH, BUNDLED_BPE);
    }

    /** This tokenizer with another context length (the text tower's number of positions). */
    public ClipTokenizer withContextLength(int length) {
        if (length == contextLength) {
            return this;
        }
        return new ClipTokenizer(encoder, ranksOf(bpe), length, "tokenizer");
    }

    private static Map<String, Integer> ranksOf(BytePairEncoding b) {
        return b.ranks();
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    public int startOfTextId() {
        return startId;
    }

    @Override
    public int endOfTextId() {
        return endId;
    }

    @Override
    public int vocabularySize() {
        return encoder.size();
    }

    /** The BPE ids of the text, without start/end tokens and without truncation. */
    public int[] encodeTokens(String text) {
        String clean = TextCleaner.clean(text);
        List<Integer> ids = new ArrayList<>();
        Matcher m = PRE_TOKENIZER.matcher(clean);
        while (m.find()) {
            String token = m.group();
            if (token.equals(START_OF_TEXT)) {
                ids.add(startId);
                continue;
            }
            if (token.equals(END_OF_TEXT)) {
                ids.add(endId);
                continue;
            }
            for (String piece : bpe.apply(ByteEncoder.encode(token))) {
                Integer id = encoder.get(piece);
                if (id == null) {
                    throw new IllegalStateException("BPE produced '" + piece + "', which is not in the vocabulary:"
                            + " vocab.json and merges.txt do not belong together");
                }
                ids.add(id);
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code [<|startoftext|>, ids..., <|endoftext|>]}, at most {@link #contextLength()} long; a longer text is
     * cut and its last id replaced by the end token (the text tower pools at the end token, so it must stay),
     * and a warning naming the text is logged the first time.
     */
    @Override
    public int[] encode(String text) {
        int[] body = encodeTokens(text);
        if (body.length + 2 > contextLength) {
            truncations.cut(text, body.length + 2, contextLength);
        }
        int n = Math.min(body.length + 2, contextLength);
        int[] out = new int[n];
        out[0] = startId;
        System.arraycopy(body, 0, out, 1, n - 2);
        out[n - 1] = endId;
        return out;
    }

    /** CLIP pads with 0, as {@code clip.tokenize} returns. */
    @Override
    public int padId() {
        return 0;
    }

    @Override
    public String description() {
        return "CLIP BPE (" + vocabularySize() + " ids)";
    }

    /** {@link #encode} padded with 0 to exactly {@link #contextLength()} ids, as {@code clip.tokenize} returns. */
    @Override
    public int[] encodePadded(String text) {
        int[] ids = encode(text);
        int[] out = new int[contextLength];
        System.arraycopy(ids, 0, out, 0, ids.length);
        return out;
    }

    /** The text of some ids (start/end tokens dropped, end-of-word marks turned back into spaces). */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id == startId || id == endId || id < 0 || id >= decoder.length || decoder[id] == null) {
                continue;
            }
            sb.append(decoder[id]);
        }
        return ByteEncoder.decode(sb.toString().replace("</w>", " ")).trim();
    }
}
