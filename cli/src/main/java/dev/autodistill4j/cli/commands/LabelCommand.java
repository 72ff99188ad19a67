package dev.autodistill4j.cli.commands;

import jakarta.inject.Provider;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.cli.support.CheckedClassifier;
import dev.autodistill4j.onnx.engine.Int8Check;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import jakarta.inject.Inject;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.label.LabelRunner;
import dev.autodistill4j.runtime.label.LabelSummary;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.LabelOptions;
import dev.autodistill4j.cli.support.ModelOptions;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code label}: autodistill's label() — a folder of images in, a resumable classification dataset out.
 * Options override the values of {@code --config}; progress and the summary go to stderr, the summary as one
 * JSON line to stdout.
 */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = {"Label a folder of images with a base model into <output>/train|valid|test/<class>/, "
                + "unlabeled/, manifest.jsonl and run.json.",
                "An existing output folder is resumed (finished images are not labelled again); --overwrite starts afresh."})
public final class LabelCommand implements CliCommand {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    LabelOptions settings;

    @Option(names = "--config", paramLabel = "FILE.yaml",
            description = "YAML config (model, ontology, input, output, confidence, split, seed, batch, …); options override it.")
    Path config;

    @Option(names = {"-o", "--ontology"}, paramLabel = "FILE.yaml",
            description = "YAML mapping prompt: class, a classes: ontology (prompts, example images, vectors), or a "
                    + "config file with an ontology: key. Not needed with --model target:DIR (it brings its classes).")
    Path ontology;

    @Option(names = {"-i", "--input"}, paramLabel = "DIR", description = "Folder of images (walked recursively).")
    Path input;

    @Option(names = "--output", paramLabel = "DIR", description = "Dataset folder to create or resume.")
    Path output;

    @Option(names = "--extension", paramLabel = "EXT",
            description = "Label only files with this extension (jpg or .jpg, any case); repeatable. Default: every image.")
    java.util.List<String> extensions;

    @Option(names = "--overwrite", description = "Delete a previous autodistill4j output in --output and start afresh.")
    boolean overwrite;

    @Option(names = "--hard-link", description = "Hard-link images into the dataset instead of copying them.")
    boolean hardLink;

    @Option(names = "--decode-threads", converter = NumericOptions.Positive.class, description = "Threads decoding the next batch while the model works "
            + "(default: min(4, CPUs)).")
    Integer decodeThreads;

    @Inject
    Provider<LabelRunner> runner;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
        LabelConfig.Builder b = settings.builder(config, ontology, model);
        if (input != null) {
            b.input(input);
        }
        if (output != null) {
            b.output(output);
        }
        if (overwrite) {
            b.overwrite(true);
        }
        if (extensions != null) {
            b.extensions(extensions);
        }
        if (hardLink) {
            b.hardLink(true);
        }
        if (decodeThreads != null) {
            b.decodeThreads(decodeThreads);
        }
        LabelConfig c = b.build();
        PrintWriter err = spec.commandLine().getErr();
        Int8Check check = model.engine().check(c.model(), c.modelOptions(), ImageFiles.walk(c.input()),
                c.input().toString(), c.ontology(), err);
        LabelSummary summary = check == null ? runner.get().run(c, ConsoleProgress.on(err))
                : checked(c, check, ConsoleProgress.on(err));
        summary.describe().forEach(err::println);
        err.flush();
        new JsonLines(spec.commandLine().getOut()).write(summary);
        return 0;
    }

    /** Labels with the model loaded here, so that run.json records the int8 self-check it passed. */
    private LabelSummary checked(LabelConfig c, Int8Check check, ProgressListener progress) {
        ModelRequest request = new ModelRequest(null, c.ontology(), c.device(), c.modelOptions());
        try (BaseModel m = registry.get().load(c.model(), request)) {
            return runner.get().run(c, new CheckedClassifier(BaseModels.classifier(m), check), progress);
        }
    }
}
