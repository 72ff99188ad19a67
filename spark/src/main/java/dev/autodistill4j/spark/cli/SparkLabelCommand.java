package dev.autodistill4j.spark.cli;

import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelSummary;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.LabelOptions;
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

    @picocli.CommandLine.ParentCommand
    SparkCommand parent;

    @Mixin
    ModelOptions model;

    @Mixin
    LabelOptions settings;

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

    @Option(names = "--overwrite", description = "Replace a previous autodistill4j dataset in --output.")
    boolean overwrite;

    @Override
    public void run() {
        // the session first: files shipped with --files are found through it (DriverFiles)
        SparkSession spark = job.start("autodistill4j spark label");
        LabelConfig.Builder b = settings.builder(DriverFiles.locate(config), DriverFiles.locate(ontology), model);
        if (input != null) {
            b.input(localForm(input));
        }
        if (output != null) {
            b.output(localForm(output));
        }
        b.overwrite(overwrite);
        LabelConfig c = b.build();
        PrintWriter err = spec.commandLine().getErr();
        if (java.nio.file.Files.isDirectory(c.input())) { // --engine onnx-int8: the self-check, on a local input
            model.engine().refuseIfInt8Disagrees(c.model(), c.modelOptions(),
                    dev.autodistill4j.runtime.image.ImageFiles.walk(c.input()), c.input().toString(), c.ontology(), err);
        }
        String in = input != null ? input : c.input().toString();
        String out = output != null ? output : c.output().toString();
        LabelSummary summary = LabelJob.run(spark, parent.registry(), new LabelJob.Settings(c, in, out, job.partitions(spark)),
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
