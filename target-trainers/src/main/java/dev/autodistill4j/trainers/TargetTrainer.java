package dev.autodistill4j.trainers;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.NamedService;
import dev.autodistill4j.trainers.data.EmbeddingModelSupplier;
import dev.autodistill4j.trainers.model.BaseModelReference;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.util.List;

/**
 * A way to distil a labelled dataset into a small model, found with {@link java.util.ServiceLoader} by
 * {@link #name()} (see {@link TargetTrainers}, which a composition root builds once). The same class that trains a model also loads it back, so a
 * model directory's {@code trainer} field is all the {@code target} provider needs to serve it.
 *
 * <p>Implementations need a public no-argument constructor and must be cheap to construct.
 */
public interface TargetTrainer extends NamedService {

    /** Unique lower-case name used by {@code train --target NAME}, e.g. {@code linear-probe}. */
    @Override
    String name();

    /** One line for help output. */
    String description();

    /**
     * Trains and writes a self-contained model directory at {@link TrainingRequest#outputDir()}.
     *
     * @throws TrainingException naming the dataset/file/option at fault and the fix
     */
    TrainingResult train(TrainingRequest request);

    /**
     * Whether this trainer's models classify into any ontology given at load time (an embedding student) rather
     * than only their own classes; the {@code target} provider then passes the ontology through.
     */
    default boolean openVocabulary() {
        return false;
    }

    /**
     * The provider options ({@code key=values}) a model of this trainer takes when loaded as {@code target:DIR};
     * the {@code target} provider refuses any other, listing these. Default: {@code base-model} only.
     */
    default List<String> modelOptions() {
        return List.of(BaseModelReference.OVERRIDE_OPTION + "=<provider[:reference] to embed with instead of the "
                + "recorded base model>");
    }

    /**
     * Loads a model directory this trainer wrote as a classifier over its own classes; a model that reads
     * another model's embeddings (a linear probe's base model, a student's teacher text) gets it from
     * {@code embeddings} — the registry loading this model — and never loads it by itself.
     */
    ClassificationBaseModel load(TargetModelDirectory directory, ModelRequest request,
                                 EmbeddingModelSupplier embeddings) throws ModelLoadException;
}
