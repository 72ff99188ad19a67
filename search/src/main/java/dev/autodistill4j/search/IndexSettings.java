package dev.autodistill4j.search;

import org.apache.lucene.index.VectorSimilarityFunction;


/**
 * How vectors are stored and searched. Embeddings are normalised before indexing, so {@code dot_product} (the
 * default) and {@code cosine} rank identically; dot product skips the per-comparison norm.
 *
 * @param similarity  how vectors are compared ({@link VectorSimilarity}; null = dot product)
 * @param maxConn     HNSW M: neighbours per node (Lucene default 16); more = better recall, bigger graph
 * @param beamWidth   HNSW efConstruction (Lucene default 100); more = better graph, slower build
 * @param efSearch    candidates explored per query (at least k); more = better recall, slower query
 * @param quantization how graph search stores vectors ({@link Quantization}); float vectors are always kept too
 */
public record IndexSettings(VectorSimilarity similarity, int maxConn, int beamWidth, int efSearch, Quantization quantization) {

    /** Lucene's vector codec refuses more dimensions than this; we say so before Lucene does. */
    public static final int MAX_DIMENSIONS = 1024;

    /**
     * Quantisation of a new index: int7 with exact float rescoring measured the same recall@10 as float32 on
     * clustered 512-d data with a quarter of the search memory (docs/search.md, "Quantised vectors").
     */
    public static final Quantization DEFAULT_QUANTIZATION = Quantization.INT7;

    /** HNSW M's range, declared once: this record checks it and the CLI's {@code hnsw-m} option derives from it. */
    public static final int MIN_MAX_CONN = 2;
    public static final int MAX_MAX_CONN = 512;
    /** HNSW efConstruction's range, declared once like M's. */
    public static final int MAX_BEAM_WIDTH = 3200;

    public static final IndexSettings DEFAULTS = new IndexSettings(VectorSimilarity.DOT_PRODUCT, 16, 100, 100,
            DEFAULT_QUANTIZATION);

    /** Float32 vectors (no quantisation): the settings of indexes written before quantisation existed. */
    public IndexSettings(VectorSimilarity similarity, int maxConn, int beamWidth, int efSearch) {
        this(similarity, maxConn, beamWidth, efSearch, Quantization.NONE);
    }

    public IndexSettings {
        similarity = similarity == null ? VectorSimilarity.DOT_PRODUCT : similarity;
        if (maxConn < MIN_MAX_CONN || maxConn > MAX_MAX_CONN) {
            throw new SearchIndexException("HNSW M (max connections) must be between " + MIN_MAX_CONN + " and "
                    + MAX_MAX_CONN + ", got " + maxConn);
        }
        if (beamWidth < 1 || beamWidth > MAX_BEAM_WIDTH) {
            throw new SearchIndexException("HNSW beam width (efConstruction) must be between 1 and " + MAX_BEAM_WIDTH
                    + ", got " + beamWidth);
        }
        if (efSearch < 1) {
            throw new SearchIndexException("efSearch must be at least 1, got " + efSearch);
        }
        quantization = quantization == null ? Quantization.NONE : quantization;
    }

    public VectorSimilarityFunction function() {
        return similarity.function();
    }

    public IndexSettings withEfSearch(int ef) {
        return new IndexSettings(similarity, maxConn, beamWidth, ef, quantization);
    }

    public IndexSettings withQuantization(Quantization q) {
        return new IndexSettings(similarity, maxConn, beamWidth, efSearch, q);
    }

    /** Refuses dimensions Lucene's HNSW codec cannot hold, with the reason and the limit. */
    public static void checkDimension(int dim) {
        if (dim < 1 || dim > MAX_DIMENSIONS) {
            throw new SearchIndexException("embeddings have " + dim + " dimensions but the Lucene HNSW index holds at "
                    + "most " + MAX_DIMENSIONS + ": use a model whose embeddings have 1 to " + MAX_DIMENSIONS
                    + " dimensions (MetaCLIP B/L/H project to 512/768/1024)");
        }
    }
}
