package dev.autodistill4j.search;

import java.util.Locale;

/**
 * How the HNSW graph's copy of each vector is stored. {@code NONE} keeps float32 (4 bytes a dimension);
 * {@code INT7}, {@code INT4} and {@code BBQ} use Lucene 10's scalar-quantised HNSW format (optimized scalar
 * quantisation, vectors centred on the segment's mean): each dimension becomes a 7-bit, 4-bit (packed two to a
 * byte) or 1-bit integer ("better binary quantisation": a 4-bit query is scored against 1-bit vectors) plus a few
 * float corrections per vector, and graph search reads only those. Lucene keeps the float vectors on disk as
 * well, so exact rescoring and exact search stay possible and an index can be converted between settings without
 * re-embedding.
 */
public enum Quantization {
    NONE("none", 32),
    INT7("int7", 7),
    INT4("int4", 4),
    BBQ("bbq", 1);

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

    /** Parses {@code none}, {@code int7}, {@code int4} or {@code bbq} (any case); anything else is an error naming them. */
    public static Quantization parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (Quantization q : values()) {
            if (q.label.equals(v)) {
                return q;
            }
        }
        throw new SearchIndexException("unknown quantization '" + value + "': use none (float32 vectors), int7 "
                + "(7-bit, about a quarter of the memory), int4 (4-bit, about an eighth) or bbq (1-bit, about a "
                + "thirtieth)");
    }

    @Override
    public String toString() {
        return label;
    }
}
