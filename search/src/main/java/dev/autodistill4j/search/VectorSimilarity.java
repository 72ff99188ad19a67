package dev.autodistill4j.search;

import org.apache.lucene.index.VectorSimilarityFunction;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the index compares vectors. Embeddings are normalised before indexing, so {@link #DOT_PRODUCT} (the default)
 * and {@link #COSINE} rank identically; the dot product skips the per-comparison norm. The label is what users
 * type ({@code --similarity dot_product}) and what the index records.
 */
public enum VectorSimilarity {
    DOT_PRODUCT("dot_product", VectorSimilarityFunction.DOT_PRODUCT),
    COSINE("cosine", VectorSimilarityFunction.COSINE);

    private final String label;
    private final VectorSimilarityFunction function;

    VectorSimilarity(String label, VectorSimilarityFunction function) {
        this.label = label;
        this.function = function;
    }

    /** {@code dot_product} or {@code cosine} ('-' is read as '_', case ignored); null means the default. */
    public static VectorSimilarity parse(String text) {
        if (text == null) {
            return DOT_PRODUCT;
        }
        String t = text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(v -> v.label.equals(t)).findFirst()
                .orElseThrow(() -> new SearchIndexException("unknown similarity '" + text
                        + "': use dot_product or cosine"));
    }

    /** What users type and what the index records. */
    public String label() {
        return label;
    }

    /** Lucene's function for this similarity. */
    public VectorSimilarityFunction function() {
        return function;
    }

    @Override
    public String toString() {
        return label;
    }
}
