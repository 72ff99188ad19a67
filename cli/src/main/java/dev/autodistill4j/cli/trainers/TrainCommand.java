package dev.autodistill4j.cli.trainers;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.trainers.TargetTrainer;
import dev.autodistill4j.trainers.TargetTrainers;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code autodistill4j train}: distils a labelled dataset into a target model directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a target model (linear-probe, cnn; student: any image folder) on a labelled dataset "
                + "(label() output, "
                + "ImageFolder or YOLO-cls with train/ and valid/). Prints one JSON line with the model directory "
                + "and its metrics; progress goes to stderr."})
public final class TrainCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "Labelled dataset folder.")
    Path dataset;

    @Option(names = "--target", required = true, paramLabel = "NAME",
            description = "Trainer: linear-probe, cnn or student (an unknown name lists the installed trainers).")
    String target;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Model directory to create (must not exist or be empty).")
    Path out;

    @Option(names = "--base-model", paramLabel = "PROVIDER[:REF]",
            description = "Embedding model for linear-probe, teacher for student (default: the model that labelled "
                    + "the dataset, as its run.json records it; else metaclip).")
    String baseModel;

    @Option(names = "--epochs", converter = NumericOptions.NonNegative.class, defaultValue = "0",
            description = "Epochs (cnn, default 30; student, 40 for arch=cnn, 20 for vit-shrunk) or optimiser "
                    + "iterations (linear-probe, default 500).")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--init", paramLabel = "FILE",
            description = "cnn only: start from these weights (a cnn model directory or a DJL .params file).")
    Path init;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, gpu or gpu:N (default: cpu).")
    Device device;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE",
            description = "Trainer hyper-parameter, repeatable: cnn input-size, widths, lr, batch-size, patience, "
                    + "random-crop, crop-scale, flip-horizontal, flip-vertical, color-jitter, dropout, residual, "
                    + "weight-decay; linear-probe l2-grid, max-iterations, refit; student arch, input-size, widths, "
                    + "layers, views, relational, prompts, lr, batch-size, weight-decay. Other keys are an error.")
    Map<String, String> params = new LinkedHashMap<>();

    @Inject
    Provider<TargetTrainers> trainers;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
        TargetTrainer trainer = trainers.get().find(target);
        TrainingRequest request = TrainingRequest.builder(dataset, out).baseModel(baseModel)
                .embeddings(registry.get()).epochs(epochs)
                .seed(seed).params(params).init(init).device(device)
                .progress(ConsoleProgress.on(spec.commandLine().getErr())).build();
        TrainingResult result = trainer.train(request);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("model", result.modelDir().toString());
        line.put("trainer", result.trainer());
        line.put("classes", result.classes());
        Map<String, Object> metrics = new LinkedHashMap<>(result.metrics());
        metrics.remove("history");
        metrics.remove("l2_grid");
        line.put("metrics", metrics);
        line.put("use_with", "--model target:" + result.modelDir());
        new JsonLines(spec.commandLine().getOut()).write(line);
        return 0;
    }
}
