package dev.autodistill4j.spark.cli;

import dev.autodistill4j.runtime.config.ConfigException;
import dev.autodistill4j.runtime.image.ImageLimits;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.ModelOptions;
import dev.autodistill4j.spark.job.EmbedJob;
import dev.autodistill4j.spark.job.JobProgress;
import dev.autodistill4j.spark.job.ModelKey;
import dev.autodistill4j.spark.job.ModelLocation;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code spark embed}: images → Parquet table of normalised embeddings with provenance. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed every image below --images into a Parquet table (path, sha256, width, height, "
                + "embedding, model, checkpoint_sha256, size, mtime, error).",
                "Unreadable images become rows with an error. Prints one JSON line with the counts."})
public final class SparkEmbedCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    SparkCommand parent;

    @Mixin
    ModelOptions model;

    @Mixin
    JobOptions job;

    @Option(names = {"-i", "--images"}, paramLabel = "DIR",
            description = "Folder of images, walked recursively (any Hadoop URI: /data, hdfs://…, s3a://…), as in "
                    + "'embed --images'.")
    String images;

    /** The name this option had before it matched {@code embed}'s; still accepted, not shown in the help. */
    @Option(names = "--input", hidden = true, paramLabel = "DIR")
    String input;

    @Option(names = "--output", required = true, paramLabel = "TABLE", description = "Parquet table to create.")
    String output;

    @Option(names = "--batch", defaultValue = "32", description = "Images per model call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--max-pixels", description = "Refuse images whose header claims more pixels (default 100000000).")
    Long maxPixels;

    @Option(names = "--overwrite", description = "Replace an existing table at --output.")
    boolean overwrite;

    /** The images folder, given as {@code --images} (or the older {@code --input}). */
    String imagesFolder() {
        if (images != null && input != null && !images.equals(input)) {
            throw new ConfigException("--images " + images + " and --input " + input + " name two folders: give one "
                    + "--images (--input is its old spelling)");
        }
        if (images == null && input == null) {
            throw new ConfigException("spark embed needs the images folder: --images DIR");
        }
        return images != null ? images : input;
    }

    @Override
    public void run() {
        String folder = imagesFolder();
        if (batch < 1 || batch > 4096) {
            throw new ConfigException("--batch " + batch + " must be between 1 and 4096");
        }
        long pixels = maxPixels == null ? ImageLimits.DEFAULT_MAX_PIXELS : maxPixels;
        if (pixels < 1) {
            throw new ConfigException("--max-pixels " + pixels + " must be positive");
        }
        SparkSession spark = job.start("autodistill4j spark embed");
        ModelLocation location = ModelLocation.onDriver(model.spec());
        ModelKey key = ModelKey.of(location, model.device(), model.options(), null);
        EmbedJob.Result r = EmbedJob.run(spark, parent.registry(), new EmbedJob.Settings(folder, output, key, location.driverSpec(), batch,
                job.partitions(spark), pixels, overwrite), new JobProgress(ConsoleProgress.on(spec.commandLine().getErr())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("output", r.output());
        out.put("images", r.images());
        out.put("failed", r.failed());
        out.put("model", r.model());
        out.put("checkpointSha256", r.checkpointSha256());
        out.put("seconds", Math.round(r.seconds() * 100) / 100.0);
        out.put("imagesPerSecond", Double.parseDouble(String.format(Locale.ROOT, "%.2f", r.images() / r.seconds())));
        out.put("master", spark.sparkContext().master());
        new JsonLines(spec.commandLine().getOut()).write(out);
    }
}
