package dev.autodistill4j.search;

import java.util.Locale;

/**
 * How the HNSW graph's copy of each vector is stored. {@code NONE} keeps float32 (4 bytes a dimension);
 * {@code INT7} and {@code INT4} use Lucene's scalar-quantised HNSW format: each dimension becomes a 7-bit or
 * 4-bit integer (int4 packed two to a byte) plus one float correction per vector, and graph search reads only
 * those. Lucene keeps the float vectors on disk as well, so exact rescoring and exact search stay possible and an
 * index can be converted between settings without re-embedding.
 */
public enum Quantization {
    NONE("none", 32),
    INT7("int7", 7),
    INT4("int4", 4);

    private final String label;
    private final int bits;

    Quantization(String label, int bits) {
        this.label = label;
        this.bits = bits;
    }

    /** The name used on the command line and in the index's commit data. */
    public String label() {
        return label;
    }

    /** Bits per dimension of the vectors graph search reads. */
    public int bits() {
        return bits;
    }

    public boolean quantized() {
        return this != NONE;
    }

    /** Parses {@code none}, {@code int7} or {@code int4} (any case); anything else is an error naming them. */
    public static Quantization parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (Quantization q : values()) {
            if (q.label.equals(v)) {
                return q;
            }
        }
        throw new SearchIndexException("unknown quantization '" + value + "': use none (float32 vectors), int7 "
                + "(7-bit, about a quarter of the memory) or int4 (4-bit, about an eighth)");
    }

    @Override
    public String toString() {
        return label;
    }
}
