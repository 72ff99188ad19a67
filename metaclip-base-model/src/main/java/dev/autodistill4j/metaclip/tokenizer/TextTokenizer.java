package dev.autodistill4j.metaclip.tokenizer;

/**
 * Text → token ids for a CLIP-style text tower, whatever the vocabulary: CLIP's byte-level BPE
 * ({@link ClipTokenizer}) or a Hugging Face {@code tokenizer.json} ({@link HfTextTokenizer}, e.g. MetaCLIP 2's
 * XLM-V sentencepiece model). The model code sees only this interface, so the two are interchangeable.
 *
 * <p>Implementations are thread-safe. Some hold native memory; {@link #close()} releases it (a no-op for the
 * pure-Java ones).
 */
public interface TextTokenizer extends AutoCloseable {

    /** Maximum ids per text, start and end tokens included (the text tower's positions). */
    int contextLength();

    /** The id the text tower pools at (CLIP's {@code <|endoftext|>}, XLM-R's {@code </s>}). */
    int endOfTextId();

    /** The id that fills a padded row after the end token. */
    int padId();

    /** Number of ids the vocabulary defines. */
    int vocabularySize();

    /**
     * The text's ids with the tokenizer's start and end tokens, cut to {@link #contextLength()} keeping the end
     * token (the text tower pools at it), not padded.
     */
    int[] encode(String text);

    /** {@link #encode} padded with {@link #padId()} to exactly {@link #contextLength()} ids. */
    default int[] encodePadded(String text) {
        int[] ids = encode(text);
        int[] out = new int[contextLength()];
        System.arraycopy(ids, 0, out, 0, ids.length);
        java.util.Arrays.fill(out, ids.length, out.length, padId());
        return out;
    }

    /** A short description for logs and provenance (kind and source file). */
    String description();

    @Override
    default void close() {
    }
}
