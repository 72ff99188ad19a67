package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.search.IndexSettings;
import dev.autodistill4j.search.IndexedImage;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.search.IndexedModel;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.SearchIndexWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Builds (or updates) a Lucene search index from the embed job's Parquet table, without embedding anything
 * again: the rows are streamed to the driver in path order — the order {@code index} visits the same images —
 * and put through the search module's own {@link SearchIndexWriter} API, so the index is the one {@code index} would
 * have built from the images (same documents, same model identity, same HNSW settings).
 */
public final class ParquetIndexer {
    private static final int COMMIT_EVERY = 512;

    /** What was indexed. */
    public record Result(String index, String model, long added, long updated, long failed, int total) {
    }

    private ParquetIndexer() {
    }

    public static Result index(SparkSession spark, String parquet, Path indexDir, IndexSettings settings) {
        Dataset<Row> table = spark.read().parquet(parquet);
        List<String> missing = Arrays.stream(EmbedJob.SCHEMA.fieldNames())
                .filter(f -> !Arrays.asList(table.columns()).contains(f)).toList();
        if (!missing.isEmpty()) {
            throw new Autodistill4jException(parquet + " is not an embed job table (columns " + missing + " are "
                    + "missing): give the `output` of 'spark embed'");
        }
        Dataset<Row> ok = table.filter(col("error").isNull());
        List<Row> models = ok.select("model", "checkpoint_sha256").distinct().limit(2).collectAsList();
        if (models.size() != 1) {
            throw new Autodistill4jException(parquet + (models.isEmpty() ? " holds no embedded image"
                    : " mixes embeddings of several models " + models) + ": index one model's table at a time");
        }
        int dim = ok.select(org.apache.spark.sql.functions.size(col("embedding"))).distinct().collectAsList().stream()
                .mapToInt(r -> r.getInt(0)).reduce((a, b) -> {
                    throw new Autodistill4jException(parquet + " holds embeddings of different lengths");
                }).orElseThrow();
        // a local checkpoint path as 'spark embed' was given it, made absolute as local 'index' records it
        IndexedModel model = new IndexedModel(ModelSpec.absolute(models.get(0).getString(0)),
                models.get(0).getString(1), dim);
        long failed = table.count() - ok.count();
        long added = 0;
        long updated = 0;
        try (SearchIndexWriter index = SearchIndexWriter.open(indexDir, model, settings)) {
            Iterator<Row> rows = ok.select("path", "size", "mtime", "sha256", "embedding").orderBy("path")
                    .toLocalIterator();
            // what is indexed already, as of the last commit (reopened at each commit, so old segments can go)
            SearchIndex committed = index.openReader();
            try {
                int sinceCommit = 0;
                while (rows.hasNext()) {
                    Row r = rows.next();
                    String path = r.getString(0);
                    if (committed.byPath(path).isPresent()) {
                        updated++;
                    } else {
                        added++;
                    }
                    index.put(new IndexedImage(SearchIndex.idOf(path), path, r.getLong(1), r.getLong(2),
                            r.getString(3), vector(r.getList(4))));
                    if (++sinceCommit >= COMMIT_EVERY) {
                        index.commit();
                        committed.close();
                        committed = index.openReader();
                        sinceCommit = 0;
                    }
                }
            } finally {
                committed.close();
            }
            index.commit();
            return new Result(index.directory().toString(), model.spec(), added, updated, failed, index.size());
        }
    }

    private static float[] vector(List<Float> v) {
        float[] vector = new float[v.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = v.get(i);
        }
        return vector;
    }
}
