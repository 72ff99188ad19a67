package dev.autodistill4j.search;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What makes a Lucene folder an autodistill4j search index: the codec with the chosen HNSW parameters, and the
 * commit user data (format tag, model identity, HNSW settings) that {@link SearchIndex} writes and checks.
 */
final class IndexFormat {
    static final String FORMAT = "autodistill4j-search/1";
    private static final String KEY_FORMAT = "format";
    private static final String KEY_SIMILARITY = "index.similarity";
    private static final String KEY_M = "index.hnswM";
    private static final String KEY_BEAM = "index.hnswBeamWidth";
    private static final String KEY_EF = "index.efSearch";

    private IndexFormat() {
    }

    /** HNSW graph merges are the slowest part of indexing; Lucene can spread one merge over several threads. */
    private static final int MERGE_WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final java.util.concurrent.ExecutorService MERGE_EXECUTOR = MERGE_WORKERS == 1 ? null
            : java.util.concurrent.Executors.newFixedThreadPool(MERGE_WORKERS, r -> {
                Thread t = new Thread(r, "hnsw-merge");
                t.setDaemon(true);
                return t;
            });

    static Lucene912Codec codec(IndexSettings s) {
        KnnVectorsFormat format = new Lucene99HnswVectorsFormat(s.maxConn(), s.beamWidth(), MERGE_WORKERS,
                MERGE_EXECUTOR);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    static Map<String, String> userData(IndexedModel model, IndexSettings s) {
        Map<String, String> m = new HashMap<>(model.toUserData());
        m.put(KEY_FORMAT, FORMAT);
        m.put(KEY_SIMILARITY, s.similarity());
        m.put(KEY_M, Integer.toString(s.maxConn()));
        m.put(KEY_BEAM, Integer.toString(s.beamWidth()));
        m.put(KEY_EF, Integer.toString(s.efSearch()));
        return m;
    }

    static IndexedModel requireModel(Path abs, Map<String, String> data) {
        IndexedModel m = IndexedModel.fromUserData(data);
        if (m == null || !FORMAT.equals(data.get(KEY_FORMAT))) {
            throw new SearchIndexException("the Lucene index at " + abs + " was not written by 'autodistill4j index' "
                    + "(no model recorded): point --index at an autodistill4j search index");
        }
        return m;
    }

    static IndexSettings settingsOf(Map<String, String> d) {
        return new IndexSettings(d.getOrDefault(KEY_SIMILARITY, "dot_product"),
                Integer.parseInt(d.getOrDefault(KEY_M, "16")), Integer.parseInt(d.getOrDefault(KEY_BEAM, "100")),
                Integer.parseInt(d.getOrDefault(KEY_EF, "100")));
    }

}
