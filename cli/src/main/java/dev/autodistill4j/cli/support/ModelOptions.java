package dev.autodistill4j.cli.support;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.trainers.model.BaseModelReference;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model options every model-using command shares ({@code --model}, {@code --device}, {@code --model-option},
 * {@code --base-model}, {@code --engine} and its self-check),
 * as a picocli mixin: {@code @Mixin ModelOptions model;}.
 */
public class ModelOptions {
    /** Used when neither {@code --model} nor a config file names one. */
    public static final String DEFAULT_MODEL = "metaclip";

    @Option(names = {"-m", "--model"}, paramLabel = "PROVIDER[:REF]",
            description = "Model as provider[:reference], e.g. metaclip, metaclip:/path/to/checkpoint-dir, "
                    + "metaclip:hf:facebook/metaclip-b32-400m (default: " + DEFAULT_MODEL + "; see `models`).")
    String model;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, gpu or gpu:N (default: cpu).")
    Device device;

    @Option(names = "--model-option", paramLabel = "KEY=VALUE",
            description = "Model option, repeatable: the provider's own (e.g. batch=16) or a zero-shot setting "
                    + "(aggregation=sum|max|mean, templates=imagenet|FILE).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--base-model", paramLabel = "PROVIDER[:REF]",
            description = "With --model target:DIR (a linear probe): the base model to embed with instead of the one "
                    + "its model.json records, e.g. when those weights moved.")
    String baseModel;
    @Mixin
    EngineOptions engine = new EngineOptions();

    /** The model spec given, or {@link #DEFAULT_MODEL}. */
    public String spec() {
        return model != null ? model : DEFAULT_MODEL;
    }

    /** Whether {@code --model} was given (so it overrides a config file). */
    public boolean modelGiven() {
        return model != null;
    }

    public ModelSpec parsedSpec() {
        return ModelSpec.parse(spec());
    }

    public Device device() {
        return device;
    }

    /**
     * The provider options: {@code --model-option}s, {@code --engine} as the {@code engine} option when given, and
     * {@code --base-model} as the target provider reads it.
     */
    public Map<String, String> options() {
        Map<String, String> withEngine = engine.apply(spec(), options);
        if (baseModel == null) {
            return withEngine;
        }
        Map<String, String> all = new LinkedHashMap<>(withEngine);
        all.put(BaseModelReference.OVERRIDE_OPTION, baseModel);
        return all;
    }

    /**
     * The int8 self-check before a run over {@code images} ({@link EngineOptions#check}); a no-op unless
     * {@code --engine onnx-int8} with the check on. {@code ontology} may be null (embeddings only).
     */
    public void checkEngine(java.util.List<java.nio.file.Path> images, String where, Ontology ontology,
                            java.io.PrintWriter err) {
        engine.refuseIfInt8Disagrees(spec(), options(), images, where, ontology, err);
    }

    /** {@code --engine} and the int8 self-check. */
    public EngineOptions engine() {
        return engine;
    }

    /** The request for {@link BaseModelRegistry#load}, carrying {@code ontology} (may be null). */
    public ModelRequest request(Ontology ontology) {
        return new ModelRequest(parsedSpec().reference(), ontology, device, options());
    }

    /** Loads the model with {@code registry} (the command's, from the CLI's injector). */
    public BaseModel load(BaseModelRegistry registry, Ontology ontology) {
        return registry.load(spec(), request(ontology));
    }
}
