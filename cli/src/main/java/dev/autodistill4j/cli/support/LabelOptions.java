package dev.autodistill4j.cli.support;

import dev.autodistill4j.runtime.label.LabelConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The label settings {@code label} and {@code spark label} share ({@code --confidence}, {@code --split},
 * {@code --seed}, {@code --batch}, {@code --max-pixels}), as a picocli mixin: {@code @Mixin LabelOptions settings;}.
 * Each overrides the value of a config file when given.
 */
public class LabelOptions {
    @Option(names = {"-c", "--confidence"}, converter = NumericOptions.LabelConfidence.class, description = "Keep a class when its probability is > this (default "
            + LabelConfig.DEFAULT_CONFIDENCE + ").")
    Double confidence;

    @Option(names = "--split", paramLabel = "TRAIN,VALID[,TEST]", description = "Split ratios (default 0.7,0.2,0.1).")
    String split;

    @Option(names = "--seed", description = "Seed of the split (default 42).")
    Long seed;

    @Option(names = "--batch", converter = NumericOptions.Batch.class, description = "Images per model call (default 16).")
    Integer batch;

    @Option(names = "--max-pixels", converter = NumericOptions.PositiveLong.class, description = "Refuse images whose header claims more pixels (default 100000000).")
    Long maxPixels;

    /**
     * The builder of a label command: {@code config} read first (when given), then {@code model}'s options,
     * {@code ontology} (when given) and the settings given, each overriding the config file. The command adds
     * its own options (input, output, overwrite…) before {@code build()}.
     */
    public LabelConfig.Builder builder(Path config, Path ontology, ModelOptions model) {
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
        if (maxPixels != null) {
            b.maxPixels(maxPixels);
        }
        return b;
    }
}
