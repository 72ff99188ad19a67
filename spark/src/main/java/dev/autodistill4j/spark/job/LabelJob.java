package dev.autodistill4j.spark.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelSummary;
import dev.autodistill4j.runtime.label.RunRecord;
import dev.autodistill4j.datasets.ClassIndex;
import dev.autodistill4j.datasets.Split;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.ModelLoader;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.datasets.ClassFolders;
import dev.autodistill4j.datasets.DatasetWriteException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * The label job: the local {@code label} run on a cluster, writing the same dataset (layout, file names,
 * {@code manifest.jsonl}, {@code run.json}) on any Hadoop file system.
 *
 * <ol>
 *   <li>Driver: checks the output, loads the model once (for its provenance and checkpoint hash; in
 *       {@code local[N]} mode the tasks reuse this copy), writes {@code run.json} with status "running".</li>
 *   <li>Executors, stage 1 ({@link ClassifyPartition}): classify every image, assign its split and folder.</li>
 *   <li>Executors, stage 2 ({@link PlacePartition}): rows regrouped by folder and name family, sorted by walk
 *       key, copied in under the local writer's names; the rows are committed as a staging table through
 *       Spark's commit protocol.</li>
 *   <li>Driver: streams the staging table in walk order into {@code manifest.jsonl}, completes
 *       {@code run.json}, deletes the staging table.</li>
 * </ol>
 */
public final class LabelJob {
    /** The staging table (a visible name: Spark's reader ignores folders whose name starts with '.' or '_'). */
    static final String STAGE = "autodistill4j-spark-stage.tmp";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param config     the validated label settings (the same validator as the local command); its input and
     *                   output are the local forms of the two locations below
     * @param input      the input folder as given (any Hadoop URI)
     * @param output     the dataset folder as given (any Hadoop URI)
     * @param partitions tasks per stage
     */
    public record Settings(LabelConfig config, String input, String output, int partitions) {
    }

    private LabelJob() {
    }

    // the try-with-resources holds a lock/lease/poller for the block and never reads it
    @SuppressWarnings("try")
    public static LabelSummary run(SparkSession spark, ModelLoader models, Settings s, JobProgress progress) {
        HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        Path out = files.qualify(s.output());
        if (!HadoopFiles.isLocal(out)) {
            return runUnlocked(spark, models, s, progress, files); // cluster file systems have no OS locks
        }
        // a local output takes the same whole-run lock as the local label: two runs never write one dataset
        java.nio.file.Path folder = HadoopFiles.nioPath(out);
        try {
            java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new DatasetWriteException("cannot create " + folder + " (" + e + "): check that its parent "
                    + "folder exists and is writable", e);
        }
        try (OutputLock lock = OutputLock.acquire(folder, "autodistill4j spark label")) {
            return runUnlocked(spark, models, s, progress, files);
        }
    }

    // the try-with-resources holds a lock/lease/poller for the block and never reads it
    @SuppressWarnings("try")
    private static LabelSummary runUnlocked(SparkSession spark, ModelLoader models, Settings s, JobProgress progress,
                                            HadoopFiles files) {
        LabelConfig c = s.config();
        Dataset<Row> listing = ImageListing.list(spark, files, s.input(), s.output());
        Path root = files.qualify(s.output());
        JobOutput.checkDataset(files, s.output(), c.overwrite());
        CaptionOntology caption = c.ontology() instanceof CaptionOntology co ? co : null;
        ModelLocation location = ModelLocation.onDriver(c.model());
        ModelKey requested = ModelKey.of(location, c.device(), c.modelOptions(), caption);
        BaseModel driverModel = models.load(location.driverSpec(),
                new ModelRequest(null, c.ontology(), c.device(), c.modelOptions()));
        ModelKey key = requested.withChecksum(driverModel.info().checkpointSha256());
        if (caption == null) {
            // a classes: ontology: its example images are on the driver's disk; executors get their embeddings
            key = key.withReference(ShippedOntology.embed(ReferenceOntology.of(c.ontology()),
                    BaseModels.embedder(driverModel)));
        }
        boolean registered = false;
        try {
            ClassificationBaseModel model = BaseModels.classifier(driverModel);
            registered = ExecutorModels.register(key, driverModel);
            JobOutput.prepareDataset(files, s.output(), c.overwrite()); // --overwrite deletes only now
            List<String> classes = model.ontology().classes();
            Map<String, String> folders = ClassFolders.forClasses(classes);
            Map<String, Object> record = RunRecord.create(c, model.info(), folders);
            // the same dataset as label's, resumable by the local label (LabelOutputFolder.isLabelTool)
            record.put("tool", LabelOutputFolder.SPARK_TOOL);
            record.put("engine", "spark");
            if (!HadoopFiles.isLocal(root)) {
                record.put("input", files.qualify(s.input()).toString());
                record.put("output", root.toString());
            }
            record.put("spark", Map.of("version", spark.version(), "master", spark.sparkContext().master(),
                    "partitions", s.partitions()));
            writeRunRecord(files, root, record);
            writeClassIndex(files, root, folders, c);

            LabelSummary summary;
            try {
                summary = label(spark, s, listing, key, classes, folders, progress, files);
            } catch (Exception e) { // Spark's SparkException is checked, but thrown undeclared from Scala
                // e.g. an executor refused its checkpoint: the record must not claim a run is still going
                Autodistill4jException failure = JobFailure.of("spark label", e);
                record.put("status", "failed");
                record.put("finished", Instant.now().toString());
                record.put("error", failure.getMessage());
                writeRunRecord(files, root, record);
                throw failure;
            }
            record.put("status", "complete");
            record.put("finished", Instant.now().toString());
            record.put("summary", Map.of("images", summary.images(), "labelled", summary.labelled(),
                    "unlabeled", summary.unlabeled(), "failed", summary.failed(), "perSplit", summary.perSplit()));
            writeRunRecord(files, root, record);
            return summary;
        } catch (IOException e) {
            throw new DatasetWriteException("cannot finish the dataset in " + root + ": " + e.getMessage(), e);
        } finally {
            if (registered) {
                ExecutorModels.release(key);
            } else {
                driverModel.close();
            }
        }
    }

    /** The two stages and the manifest export; the run record is the caller's. */
    // the try-with-resources holds a poller for the block and never reads it
    @SuppressWarnings("try")
    private static LabelSummary label(SparkSession spark, Settings s, Dataset<Row> listing, ModelKey key,
                                      List<String> classes, Map<String, String> folders, JobProgress progress,
                                      HadoopFiles files) throws IOException {
        LabelConfig c = s.config();
        Path root = files.qualify(s.output());
        long total = listing.count();
        LongAccumulator done = spark.sparkContext().longAccumulator("images labelled");
        FailureInjection failure = FailureInjection.from(spark);
        ClassifyPartition classify = new ClassifyPartition(key, classes, folders, c.splitter(), c.confidence(),
                files.qualify(s.input()).toUri().getPath(), new ImagePreparer(files, c.maxPixels()),
                c.batchSize(), failure, done);
        Path stage = new Path(root, STAGE);
        try (JobProgress.Poller poller = progress.poll("spark label", done, total)) {
            ImageListing.spread(listing, s.partitions()).mapPartitions(classify, Encoders.row(LabelRows.CLASSIFIED))
                .repartition(s.partitions(), col("dest_dir"), col("family"))
                .sortWithinPartitions(col("dest_dir"), col("key"))
                .mapPartitions(new PlacePartition(files, root.toString(), failure),
                        Encoders.row(LabelRows.PLACED))
                .write().mode(SaveMode.Overwrite).parquet(stage.toString());
        }
        LabelSummary summary = ManifestExport.write(spark.read().parquet(stage.toString()), classes, files, root);
        files.fs(root).delete(stage, true);
        DatasetFiles.cleanTemporaryFiles(files, root);
        return summary;
    }

    /** Every class folder in every split, classes.txt and data.yaml, as the local label writes them. */
    private static void writeClassIndex(HadoopFiles files, Path root, Map<String, String> folders, LabelConfig c)
            throws IOException {
        FileSystem fs = files.datasetFs(root);
        List<String> order = ClassIndex.order(folders.values());
        List<Split> splits = ClassIndex.splits(c.splitter());
        for (Split split : splits) {
            for (String folder : order) {
                fs.mkdirs(new Path(new Path(root, split.folderName()), folder));
            }
        }
        writeText(files, fs, root, ClassIndex.CLASSES_TXT, ClassIndex.classesTxt(order));
        writeText(files, fs, root, ClassIndex.DATA_YAML, ClassIndex.dataYaml(order, splits));
    }

    private static void writeText(HadoopFiles files, FileSystem fs, Path root, String name, String text)
            throws IOException {
        Path tmp = new Path(root, "." + name + ".tmp");
        try (FSDataOutputStream out = files.createReplacing(fs, tmp)) { // never through a link
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Path target = new Path(root, name);
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("rename of " + tmp + " to " + target + " failed");
        }
    }

    /** Written to a temporary name and renamed, so run.json is always complete. */
    private static void writeRunRecord(HadoopFiles files, Path root, Map<String, Object> record) throws IOException {
        FileSystem fs = files.datasetFs(root);
        Path tmp = new Path(root, ".run.json.tmp");
        try (FSDataOutputStream out = files.createReplacing(fs, tmp)) { // never through a link
            out.write(JSON.writeValueAsBytes(new LinkedHashMap<>(record)));
        }
        Path target = new Path(root, RunRecord.FILE_NAME);
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("rename of " + tmp + " to " + target + " failed");
        }
    }
}
