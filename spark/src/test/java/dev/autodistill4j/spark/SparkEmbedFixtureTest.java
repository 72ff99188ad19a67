package dev.autodistill4j.spark;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.datasets.Sha256;
import dev.autodistill4j.search.ImageIndexer;
import dev.autodistill4j.search.IndexSettings;
import dev.autodistill4j.search.IndexedImage;
import dev.autodistill4j.search.IndexedModel;
import dev.autodistill4j.search.SearchHit;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.SearchIndexWriter;
import dev.autodistill4j.spark.job.EmbedJob;
import dev.autodistill4j.spark.job.ExecutorModels;
import dev.autodistill4j.spark.job.FailureInjection;
import dev.autodistill4j.spark.job.JobProgress;
import dev.autodistill4j.spark.job.ModelKey;
import dev.autodistill4j.spark.job.ParquetIndexer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The embed job against the single-machine path: every image's row holds the normalised embedding the model
 * gives for the same decoded pixels (within 1e-5), its sha256 and size; undecodable files are rows with an
 * error; a failed first task attempt changes nothing; and a search index built from the table answers like
 * the index {@code index} builds from the images.
 */
class SparkEmbedFixtureTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static ShapesInput shapes;
    static EmbeddingModel model;
    static Path table;
    static EmbedJob.Result result;

    @BeforeAll
    static void embedOnSpark() throws Exception {
        shapes = ShapesInput.create(tmp);
        spark = SparkSessions.local2();
        model = BaseModels.embedder(BaseModelRegistry.discover().load(shapes.modelSpec(), ModelRequest.of(null)));
        table = tmp.resolve("embeddings.parquet");
        result = embed(table);
    }

    @AfterAll
    static void stop() {
        if (model != null) {
            model.close();
        }
        if (spark != null) {
            spark.stop();
        }
    }

    private static EmbedJob.Result embed(Path out) {
        ModelKey key = ModelKey.of(shapes.modelSpec(), null, Map.of(), null);
        return EmbedJob.run(spark, dev.autodistill4j.runtime.models.BaseModelRegistry.discover(),
                new EmbedJob.Settings(shapes.input.toString(), out.toString(), key, key.spec(), 8, 4,
                100_000_000L, false), new JobProgress(ProgressListener.NONE));
    }

    private static Map<String, Row> rows(Path parquet) {
        return spark.read().parquet(parquet.toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    }

    @Test
    void everyImageHasTheEmbeddingOfTheSingleMachinePath() throws Exception {
        List<Path> files = ImageFiles.walk(shapes.input);
        Map<String, Row> rows = rows(table);
        assertThat(rows).hasSize(files.size()).hasSize(shapes.images);
        assertThat(result.images()).isEqualTo(shapes.images);
        assertThat(result.failed()).isEqualTo(1);
        ImageDecoder decoder = ImageDecoder.defaults();
        String sha = model.info().checkpointSha256();
        for (Path f : files) {
            Row r = rows.get(f.toAbsolutePath().normalize().toString());
            assertThat(r).as(f.toString()).isNotNull();
            assertThat(r.getString(1)).isEqualTo(Sha256.of(f));
            assertThat(r.getString(5)).isEqualTo(model.info().spec());
            assertThat(r.getString(6)).isEqualTo(sha).isNotNull();
            assertThat(r.getLong(7)).isEqualTo(Files.size(f));
            assertThat(r.getLong(8)).isEqualTo(Files.getLastModifiedTime(f).toMillis());
            if (f.getFileName().toString().equals("broken.png")) {
                assertThat(r.getString(9)).contains("broken.png").contains("not an image");
                assertThat(r.isNullAt(4)).isTrue();
                continue;
            }
            assertThat(r.isNullAt(9)).as(r.getString(9)).isTrue();
            BufferedImage image = decoder.decode(f);
            assertThat(r.getInt(2)).isEqualTo(image.getWidth());
            assertThat(r.getInt(3)).isEqualTo(image.getHeight());
            float[] want = Embeddings.normalize(model.embedImage(image));
            List<Float> got = r.getList(4);
            assertThat(got).hasSize(want.length);
            for (int i = 0; i < want.length; i++) {
                assertThat((double) got.get(i)).as(f + "[" + i + "]").isCloseTo(want[i], within(1e-5));
            }
        }
    }

    @Test
    void aFailedFirstAttemptLeavesNoDuplicateAndNoGap() throws Exception {
        AtomicInteger failures = SparkSessions.countFailedTasks(spark);
        Path retried = tmp.resolve("retried.parquet");
        spark.conf().set(FailureInjection.SETTING, "2");
        try {
            embed(retried);
        } finally {
            spark.conf().unset(FailureInjection.SETTING);
        }
        assertThat(SparkSessions.awaitPositive(failures)).as("the injected failure happened").isPositive();
        List<Row> all = spark.read().parquet(retried.toString()).collectAsList();
        assertThat(all).hasSize(shapes.images);
        Map<String, Row> want = rows(table);
        Map<String, Row> got = rows(retried);
        assertThat(got.keySet()).isEqualTo(want.keySet());
        got.forEach((path, r) -> assertThat(r.getString(1)).isEqualTo(want.get(path).getString(1)));
    }

    @Test
    void theDriverLoadedTheOnlyModelAndTasksReusedIt() {
        // in local mode driver and executors share one JVM: the tasks found the driver's model in the holder
        int before = ExecutorModels.loads();
        embed(tmp.resolve("again.parquet"));
        assertThat(ExecutorModels.loads()).isEqualTo(before);
    }

    @Test
    void anIndexFromTheTableAnswersLikeAnIndexFromTheImages() throws Exception {
        Path fromImages = tmp.resolve("index-images");
        Path fromTable = tmp.resolve("index-table");
        IndexedModel identity = IndexedModel.of(model.info(), model.embeddingDimension());
        try (SearchIndexWriter idx = SearchIndexWriter.open(fromImages, identity, IndexSettings.DEFAULTS)) {
            new ImageIndexer(model, 16, ProgressListener.NONE).update(idx, List.of(shapes.input));
        }
        ParquetIndexer.Result r = ParquetIndexer.index(spark, table.toString(), fromTable, IndexSettings.DEFAULTS);
        assertThat(r.added()).isEqualTo(shapes.images - 1);
        assertThat(r.failed()).isEqualTo(1);
        try (SearchIndex a = SearchIndex.open(fromImages); SearchIndex b = SearchIndex.open(fromTable)) {
            assertThat(b.model()).isEqualTo(a.model());
            List<IndexedImage> want = a.images(true);
            Map<String, IndexedImage> got = b.images(true).stream()
                    .collect(Collectors.toMap(IndexedImage::path, x -> x));
            assertThat(got).hasSize(want.size());
            for (IndexedImage w : want) {
                IndexedImage g = got.get(w.path());
                assertThat(g).as(w.path()).isNotNull();
                assertThat(List.of(g.id(), g.size(), g.mtime(), g.sha256()))
                        .isEqualTo(List.of(w.id(), w.size(), w.mtime(), w.sha256()));
            }
            for (IndexedImage query : want.subList(0, 20)) {
                List<SearchHit> x = a.search(query.vector(), 10);
                List<SearchHit> y = b.search(query.vector(), 10);
                assertThat(y.stream().map(SearchHit::path).toList()).isEqualTo(x.stream().map(SearchHit::path).toList());
                for (int i = 0; i < x.size(); i++) {
                    assertThat(y.get(i).score()).isCloseTo(x.get(i).score(), within(1e-5));
                }
            }
        }
    }
}
