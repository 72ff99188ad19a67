package dev.autodistill4j.search;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * What makes a Lucene folder an autodistill4j search index: the codec with the chosen HNSW parameters and
 * quantisation, and the commit user data (format tag, model identity, HNSW settings, quantisation) that
 * {@link SearchIndexWriter} writes and {@link SearchIndex} checks.
 *
 * <p>Reading needs no custom codec: the codec below keeps Lucene's SPI name ({@code Lucene104}), and Lucene's
 * per-field vectors format records each segment's vector format by its SPI name
 * ({@code Lucene99HnswVectorsFormat} for floats, {@code Lucene104HnswScalarQuantizedVectorsFormat} for the
 * quantised ones, both in lucene-core) with the encoding in the segment's own metadata. So a plain
 * {@code DirectoryReader} opens float, int7, int4, bbq and mixed indexes alike; the quantisation recorded in the
 * commit data only tells the searcher to rescore and the writer which format new segments get. Indexes written
 * by Lucene 9.12 (codec {@code Lucene912}, quantised segments in {@code Lucene99HnswScalarQuantizedVectorsFormat})
 * open through lucene-backward-codecs until {@link IndexConversion#upgrade} rewrites them.
 */
final class IndexFormat {
    static final String FORMAT = "autodistill4j-search/1";
    private static final String KEY_FORMAT = "format";
    private static final String KEY_SIMILARITY = "index.similarity";
    private static final String KEY_M = "index.hnswM";
    private static final String KEY_BEAM = "index.hnswBeamWidth";
    private static final String KEY_EF = "index.efSearch";
    /** Absent in indexes written before quantisation existed: those hold float vectors. */
    private static final String KEY_QUANTIZATION = "index.quantization";

    private IndexFormat() {
    }

    /**
     * The writing codec for {@code s}, merging HNSW graphs on {@code merges}' threads. The threads belong to the
     * writer (see {@link MergeThreads}); reading needs neither this codec nor the threads.
     */
    static VectorCodec codec(IndexSettings s, MergeThreads merges) {
        return new VectorCodec(s, merges);
    }

    /**
     * Lucene's HNSW format for the settings: float32, or quantised by Lucene 10's optimized scalar quantiser to
     * 7 bits, 4 bits (two codes a byte) or 1 bit (BBQ, scored against a 4-bit query); floats are kept on disk.
     */
    static KnnVectorsFormat vectorsFormat(IndexSettings s, MergeThreads merges) {
        int workers = merges.workers();
        ExecutorService executor = merges.executor();
        return switch (s.quantization()) {
            case NONE -> new Lucene99HnswVectorsFormat(s.maxConn(), s.beamWidth(), workers, executor);
            case INT7 -> quantized(ScalarEncoding.SEVEN_BIT, s, workers, executor);
            case INT4 -> quantized(ScalarEncoding.PACKED_NIBBLE, s, workers, executor);
            case BBQ -> quantized(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, s, workers, executor);
        };
    }

    private static KnnVectorsFormat quantized(ScalarEncoding encoding, IndexSettings s, int workers,
                                              ExecutorService executor) {
        return new Lucene104HnswScalarQuantizedVectorsFormat(encoding, s.maxConn(), s.beamWidth(), workers, executor);
    }

    /**
     * The writing codec. Its vectors format can be switched so that {@link SearchIndexWriter#convert} rewrites the
     * existing segments in another format through the same writer; it is read back as plain {@code Lucene104}.
     */
    static final class VectorCodec extends Lucene104Codec {
        private final MergeThreads merges;
        private volatile KnnVectorsFormat format;

        VectorCodec(IndexSettings s, MergeThreads merges) {
            this.merges = merges;
            use(s);
        }

        /** Segments written from now on (flushes and merges) use {@code s}'s vectors format. */
        void use(IndexSettings s) {
            format = vectorsFormat(s, merges);
        }

        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return format;
        }
    }

    static Map<String, String> userData(IndexedModel model, IndexSettings s) {
        Map<String, String> m = new HashMap<>(model.toUserData());
        m.put(KEY_FORMAT, FORMAT);
        m.put(KEY_SIMILARITY, s.similarity().label());
        m.put(KEY_M, Integer.toString(s.maxConn()));
        m.put(KEY_BEAM, Integer.toString(s.beamWidth()));
        m.put(KEY_EF, Integer.toString(s.efSearch()));
        m.put(KEY_QUANTIZATION, s.quantization().label());
        return m;
    }

    static IndexedModel requireModel(Path abs, Map<String, String> data) {
        IndexedModel m = IndexedModel.fromUserData(data);
        if (m == null || !FORMAT.equals(data.get(KEY_FORMAT))) {
            throw new SearchIndexException("the Lucene index at " + abs + " was not written by 'autodistill4j index' "
                    + "(no model recorded): point `index` at an autodistill4j search index");
        }
        return m;
    }

    static IndexSettings settingsOf(Map<String, String> d) {
        return new IndexSettings(VectorSimilarity.parse(d.getOrDefault(KEY_SIMILARITY, "dot_product")),
                Integer.parseInt(d.getOrDefault(KEY_M, "16")), Integer.parseInt(d.getOrDefault(KEY_BEAM, "100")),
                Integer.parseInt(d.getOrDefault(KEY_EF, "100")),
                Quantization.parse(d.getOrDefault(KEY_QUANTIZATION, Quantization.NONE.label())));
    }

}
