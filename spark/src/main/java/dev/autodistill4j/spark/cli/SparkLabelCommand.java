package dev.autodistill4j.spark.cli;

import dev.autodistill4j.api.label.LabelConfig;
import dev.autodistill4j.api.label.LabelSummary;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.ModelOptions;
import dev.autodistill4j.spark.job.HadoopFiles;
import dev.autodistill4j.spark.job.JobProgress;
import dev.autodistill4j.spark.job.LabelJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code spark label}: the local {@code label} on Spark — the same options (validated by the same
 * {@link LabelConfig}), the same dataset on any Hadoop file system.
 */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = {"Label the images below --input into <output>/train|valid|test/<class>/, unlabeled/, "
                + "manifest.jsonl and run.json — the dataset the local 'label' writes for the same inputs.",
                "A Spark run labels everything: an existing dataset is replaced only with --overwrite (resume it "
                        + "with the local 'label' instead)."})
public final class SparkLabelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    JobOptions job;

    @Option(names = "--config", paramLabel = "FILE.yaml", description = "YAML config as for 'label'; options override it.")
    Path config;

    @Option(names = {"-o", "--ontology"}, paramLabel = "FILE.yaml", description = "YAML mapping prompt: class.")
    Path ontology;

    @Option(names = {"-i", "--input"}, paramLabel = "DIR", description = "Folder of images (any Hadoop URI).")
    String input;

    @Option(names = "--output", paramLabel = "DIR", description = "Dataset folder to create (any Hadoop URI).")
    String output;

    @Option(names = {"-c", "--confidence"}, description = "Keep a class when its probability is > this (default 0.5).")
    Double confidence;

    @Option(names = "--split", paramLabel = "TRAIN,VALID[,TEST]", description = "Split ratios (default 0.7,0.2,0.1).")
    String split;

    @Option(names = "--seed", description = "Seed of the split (default 42).")
    Long seed;

    @Option(names = "--batch", description = "Images per model call (default 16).")
    Integer batch;

    @Option(names = "--overwrite", description = "Replace a previous autodistill4j dataset in --output.")
    boolean overwrite;

    @Option(names = "--max-pixels", description = "Refuse images whose header claims more pixels (default 100000000).")
    Long maxPixels;

    @Override
    public void run() {
        LabelConfig.Builder b = LabelConfig.builder();
        if (config != null) {
            b.fromYaml(config);
        }
        if (model.modelGiven()) {
            b.model(model.spec());
        }
        if (model.device() != null) {
            b.device(model.device());
        }
        b.modelOptions(model.options());
        if (ontology != null) {
            b.ontologyFile(ontology);
        }
        if (input != null) {
            b.input(localForm(input));
        }
        if (output != null) {
            b.output(localForm(output));
        }
        if (confidence != null) {
            b.confidence(confidence);
        }
        if (split != null) {
            b.split(split);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (batch != null) {
            b.batchSize(batch);
        }
        b.overwrite(overwrite);
        if (maxPixels != null) {
            b.maxPixels(maxPixels);
        }
        LabelConfig c = b.build();
        SparkSession spark = job.session("autodistill4j label");
        Sessions.quiet(spark, job);
        PrintWriter err = spec.commandLine().getErr();
        String in = input != null ? input : c.input().toString();
        String out = output != null ? output : c.output().toString();
        LabelSummary summary = LabelJob.run(spark, new LabelJob.Settings(c, in, out, job.partitions(spark)),
                new JobProgress(ConsoleProgress.on(err)));
        summary.describe().forEach(err::println);
        err.flush();
        new JsonLines(spec.commandLine().getOut()).write(summary);
    }

    /** The local path of a location, for the shared validator (a URI's path part for other file systems). */
    private static Path localForm(String location) {
        return HadoopFiles.nioPath(new org.apache.hadoop.fs.Path(location));
    }
}
