package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.spi.ModelLoader;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The embed job: every image below the input folder → one row of a Parquet table with its normalised embedding
 * and provenance ({@link #SCHEMA}). An image that cannot be read or decoded becomes a row with {@code error}
 * set and no embedding; the job goes on. Output is written by Spark's file commit protocol (each task writes
 * to its attempt folder, only the committed attempt's file is moved into place), so failed, retried and
 * speculative tasks never duplicate or lose rows.
 */
public final class EmbedJob {
    public static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("sha256", DataTypes.StringType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("model", DataTypes.StringType, false)
            .add("checkpoint_sha256", DataTypes.StringType, true)
            .add("size", DataTypes.LongType, false)
            .add("mtime", DataTypes.LongType, false)
            .add("error", DataTypes.StringType, true);

    /** What one embed run needs. */
    public record Settings(String input, String output, ModelKey model, String driverSpec, int batchSize,
                           int partitions, long maxPixels, boolean overwrite) {
    }

    /** What the run did. */
    public record Result(String output, long images, long failed, String model, String checkpointSha256,
                         double seconds) {
    }

    private EmbedJob() {
    }

    // the try-with-resources holds a lock/lease/poller for the block and never reads it
    @SuppressWarnings("try")
    public static Result run(SparkSession spark, ModelLoader models, Settings s, JobProgress progress) {
        long start = System.nanoTime();
        HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        JobOutput.checkTable(files, s.output(), s.overwrite());
        Dataset<Row> listing = ImageListing.list(spark, files, s.input(), null);
        BaseModel driverModel = models.load(s.driverSpec(), s.model().request());
        ModelKey key = s.model().withChecksum(driverModel.info().checkpointSha256());
        boolean registered = false;
        try {
            BaseModels.embedder(driverModel);
            registered = ExecutorModels.register(key, driverModel);
            long total = listing.count();
            LongAccumulator done = spark.sparkContext().longAccumulator("images embedded");
            LongAccumulator failed = spark.sparkContext().longAccumulator("images failed");
            Partition fn = new Partition(key, driverModel.info(), new ImagePreparer(files, s.maxPixels()),
                    s.batchSize(), FailureInjection.from(spark), done, failed);
            try (JobProgress.Poller poller = progress.poll("spark embed", done, total)) {
                ImageListing.spread(listing, s.partitions()).mapPartitions(fn, Encoders.row(SCHEMA))
                        .write().mode(s.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                        .parquet(s.output());
            }
            // counted from the committed table, not the accumulators (those may count a retried task twice)
            Row counts = spark.read().parquet(s.output()).agg(functions.count(functions.lit(1)),
                    functions.count(functions.col("error"))).first();
            long images = counts.getLong(0);
            long errors = counts.getLong(1);
            return new Result(files.qualify(s.output()).toString(), images, errors, key.spec(),
                    key.checkpointSha256(), (System.nanoTime() - start) / 1e9);
        } finally {
            if (registered) {
                ExecutorModels.release(key);
            } else {
                driverModel.close();
            }
        }
    }

    /** The per-task work: read, decode, embed in batches with this JVM's one model. */
    static final class Partition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final ModelKey key;
        private final String spec;
        private final ImagePreparer preparer;
        private final int batchSize;
        private final FailureInjection failure;
        private final LongAccumulator done;
        private final LongAccumulator failed;

        Partition(ModelKey key, ModelInfo info, ImagePreparer preparer, int batchSize, FailureInjection failure,
                  LongAccumulator done, LongAccumulator failed) {
            this.key = key;
            this.spec = info.spec();
            this.preparer = preparer;
            this.batchSize = batchSize;
            this.failure = failure;
            this.done = done;
            this.failed = failed;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            EmbeddingModel model = BaseModels.embedder(ExecutorModels.get(key));
            return new BatchIterator<>(rows, batchSize, batch -> embed(model, batch), failure);
        }

        private List<Row> embed(EmbeddingModel model, List<Row> batch) {
            List<PreparedImage> prepared = batch.stream().map(preparer::prepare).toList();
            List<BufferedImage> images = new ArrayList<>();
            for (PreparedImage p : prepared) {
                if (p.image() != null) {
                    images.add(p.image());
                }
            }
            List<float[]> vectors = images.isEmpty() ? List.of()
                    : ExecutorModels.call(model, () -> model.embedImages(images));
            List<Row> out = new ArrayList<>(prepared.size());
            int v = 0;
            for (PreparedImage p : prepared) {
                if (p.image() == null) {
                    failed.add(1);
                    out.add(RowFactory.create(p.source(), p.sha256(), null, null, null, spec,
                            key.checkpointSha256(), p.length(), p.mtime(), p.error()));
                } else {
                    float[] e = Embeddings.normalize(vectors.get(v++));
                    out.add(RowFactory.create(p.source(), p.sha256(), p.image().getWidth(), p.image().getHeight(), e,
                            spec, key.checkpointSha256(), p.length(), p.mtime(), null));
                }
                done.add(1);
            }
            return out;
        }
    }
}
