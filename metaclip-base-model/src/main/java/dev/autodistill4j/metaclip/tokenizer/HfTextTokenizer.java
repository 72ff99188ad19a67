package dev.autodistill4j.metaclip.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A Hugging Face {@code tokenizer.json} (normaliser, pre-tokenizer, model, post-processor) run by the
 * {@code tokenizers} Rust library through DJL's binding — MetaCLIP 2's XLM-V sentencepiece tokenizer, or any
 * other the file describes.
 *
 * <p>DJL truncates to the context length with the post-processor's specials kept (so {@code </s>}, where the
 * text tower pools, survives), but pads with id 0 whatever the file says; this class therefore never lets DJL
 * pad and pads with the checkpoint's own pad id itself. Java strings may hold unpaired surrogates, which have no
 * UTF-8 form; they are replaced by U+FFFD before the text crosses into Rust, as a UTF-8 encoder would.
 *
 * <p>Native failures: the library returns most errors as exceptions (one text's or one request's error), but
 * aborts the process on some inputs (a regex past Oniguruma's backtracking limit, an undefined template token,
 * an unparsable charsmap), which no Java code can catch. {@link TokenizerJsonCheck} is therefore the guard: the
 * file is checked before it reaches native code, and texts are bounded ({@link #MAX_TEXT_CHARS}).
 *
 * <p>Thread-safe: the native tokenizer is immutable; a read-write lock keeps {@link #close()} from freeing it
 * under a running {@link #encode}.
 */
public final class HfTextTokenizer implements TextTokenizer {
    /**
     * Longest text handed to the native tokenizer. The whole text is normalised and split before truncation, so
     * this bounds the work of one call; with {@link TokenizerRegex}'s rules it keeps every regex match attempt
     * far below the backtracking limit whose breach aborts the JVM.
     */
    public static final int MAX_TEXT_CHARS = 100_000;
    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private final int contextLength;
    private final int endId;
    private final int padId;
    private final int vocabularySize;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private HfTextTokenizer(HuggingFaceTokenizer tokenizer, Path file, int contextLength, int endId, int padId,
                            int vocabularySize) {
        this.tokenizer = tokenizer;
        this.file = file;
        this.contextLength = contextLength;
        this.endId = endId;
        this.padId = padId;
        this.vocabularySize = vocabularySize;
    }

    /**
     * Opens {@code tokenizerJson} and checks it against the model: the end id it appends must be
     * {@code endOfTextId} (where the model pools) and every id it can produce must be inside the model's
     * {@code modelVocabulary}.
     *
     * @param padId the checkpoint's pad id ({@link HfTokenizerFiles#padId})
     */
    public static HfTextTokenizer open(Path tokenizerJson, int contextLength, int endOfTextId, int padId,
                                       int modelVocabulary) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, got " + contextLength);
        }
        int fileVocabulary = HfTokenizerFiles.vocabularySize(tokenizerJson);
        if (fileVocabulary > modelVocabulary) {
            throw new CheckpointException(tokenizerJson + " defines " + fileVocabulary + " ids but the text tower's "
                    + "token embedding has " + modelVocabulary + " rows: the tokenizer does not belong to these "
                    + "weights. Use the tokenizer.json that came with the checkpoint.");
        }
        // the guard: the native library aborts the JVM on some files and texts instead of failing (see the check)
        TokenizerJsonCheck.check(tokenizerJson, fileVocabulary);
        HuggingFaceTokenizer native_;
        try {
            native_ = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(true)
                    .optTruncation(true).optMaxLength(contextLength).optPadding(false).build();
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            throw new CheckpointException("cannot load the tokenizer " + tokenizerJson + " (" + e.getMessage()
                    + "): re-download it, or check that DJL's tokenizers jar for this platform is on the classpath",
                    e);
        }
        HfTextTokenizer t = new HfTextTokenizer(native_, tokenizerJson, contextLength, endOfTextId, padId,
                fileVocabulary);
        int[] empty = t.encode("");
        if (empty.length == 0 || empty[empty.length - 1] != endOfTextId) {
            t.close();
            throw new CheckpointException(tokenizerJson + " ends a text with id "
                    + (empty.length == 0 ? "(none)" : empty[empty.length - 1]) + " but config.json says the text "
                    + "tower pools at eos_token_id " + endOfTextId + ": the tokenizer and config do not match");
        }
        return t;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public int endOfTextId() {
        return endId;
    }

    @Override
    public int padId() {
        return padId;
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public int[] encode(String text) {
        if (text != null && text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("a text of " + text.length() + " characters is longer than the "
                    + MAX_TEXT_CHARS + " the tokenizer takes (the model reads its first " + contextLength
                    + " tokens): shorten it");
        }
        String valid = replaceUnpairedSurrogates(text == null ? "" : text);
        long[] ids;
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("tokenizer " + file + " is closed");
            }
            Encoding encoding = tokenizer.encode(valid);
            ids = encoding.getIds();
        } finally {
            lock.readLock().unlock();
        }
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String description() {
        return "Hugging Face tokenizer.json (" + vocabularySize + " ids) " + file;
    }

    /** Unpaired UTF-16 surrogates → U+FFFD, so the text has a UTF-8 form for the native tokenizer. */
    static String replaceUnpairedSurrogates(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (sb != null) {
                    sb.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean lone = Character.isSurrogate(c);
            if (lone && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(lone ? '\uFFFD' : c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                tokenizer.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
