package dev.autodistill4j.trainers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.trainers.model.TargetModelWriter;

import java.io.IOException;
import java.util.Map;

/**
 * What a trainer's own step hands back to {@link AbstractTargetTrainer}: the fitted weights (still in memory,
 * possibly native) and the few manifest parts only that trainer knows. The skeleton writes the model directory
 * and then closes this, which frees whatever the fit holds (a DJL model, a base model).
 */
public interface FittedModel extends AutoCloseable {

    /** Writes the weight files into the staging directory, each through {@link TargetModelWriter#file}. */
    void writeFiles(TargetModelWriter writer) throws IOException;

    /** The manifest's {@code preprocessing} object: what a loader must do to an image before the weights. */
    ObjectNode preprocessing();

    /** The base model whose embeddings were trained on (recorded in provenance), or null. */
    ModelInfo baseModel();

    /** Numbers measured while fitting (e.g. {@code valid_accuracy}); recorded in the manifest and the result. */
    Map<String, Object> metrics();

    /** Settings chosen during the fit (e.g. linear-probe's {@code l2}), added to {@code hyper_parameters}. */
    default Map<String, Object> chosenHyperParameters() {
        return Map.of();
    }

    /** Frees what the fit holds; called once the directory is written (or writing failed). */
    @Override
    void close();
}
