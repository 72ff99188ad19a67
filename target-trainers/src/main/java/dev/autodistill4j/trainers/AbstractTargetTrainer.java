package dev.autodistill4j.trainers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.trainers.config.TrainerConfig;
import dev.autodistill4j.trainers.data.TrainingData;
import dev.autodistill4j.trainers.model.Provenance;
import dev.autodistill4j.trainers.model.TargetModelWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training pipeline every trainer shares, as a template method: refuse an occupied output folder, parse
 * the trainer's typed config, read and validate the dataset, let the trainer {@link #fit} (the only step that
 * differs), then write the model directory — weight files, {@code model.json} with classes, preprocessing,
 * the typed {@link Provenance}, hyper-parameters and metrics — atomically, and return the
 * {@link TrainingResult}. A trainer therefore only says how it turns data into weights.
 *
 * <p>Errors stay cheap: the destination and the settings are checked before any image is read, and nothing
 * is left behind when fitting or writing fails.
 *
 * @param <C> the trainer's config record
 */
public abstract class AbstractTargetTrainer<C extends TrainerConfig> implements TargetTrainer {

    @Override
    public final TrainingResult train(TrainingRequest request) {
        TargetModelWriter.checkDestination(request.outputDir());
        C config = configure(request);
        TrainingData data = TrainingData.load(request.datasetDir());
        try (FittedModel fitted = fit(request, config, data)) {
            request.progress().finished("train");
            return write(request, config, data, fitted);
        }
    }

    /**
     * Parses and validates this trainer's settings from the request (and refuses request fields it cannot
     * use), before any data are read.
     *
     * @throws TrainingException naming the setting and the fix
     */
    protected abstract C configure(TrainingRequest request);

    /**
     * Fits the weights on {@code data}, reporting progress under {@code "train"} (the skeleton reports it
     * finished). The result is closed by the caller.
     */
    protected abstract FittedModel fit(TrainingRequest request, C config, TrainingData data);

    private TrainingResult write(TrainingRequest request, C config, TrainingData data, FittedModel fitted) {
        ObjectMapper json = TargetModelWriter.json();
        try (TargetModelWriter writer = TargetModelWriter.create(request.outputDir())) {
            fitted.writeFiles(writer);
            Map<String, Object> hyperParameters = new LinkedHashMap<>(config.toHyperParameters());
            hyperParameters.putAll(fitted.chosenHyperParameters());
            ObjectNode manifest = json.createObjectNode();
            manifest.put("trainer", name());
            manifest.set("classes", json.valueToTree(data.classes()));
            manifest.set("preprocessing", fitted.preprocessing());
            manifest.set("provenance", Provenance.of(name(), request, data, fitted.baseModel()).toJson());
            manifest.set("hyper_parameters", json.valueToTree(hyperParameters));
            manifest.set("metrics", json.valueToTree(fitted.metrics()));
            Path dir = writer.commit(manifest);
            return new TrainingResult(dir, name(), data.classes(), fitted.metrics());
        } catch (IOException e) {
            throw new TrainingException("cannot write the " + name() + " model files into " + request.outputDir()
                    + ": " + e.getMessage(), e);
        }
    }
}
