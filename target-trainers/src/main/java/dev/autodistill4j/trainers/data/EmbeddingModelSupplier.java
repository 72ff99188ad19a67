package dev.autodistill4j.trainers.data;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.ModelLoader;
import dev.autodistill4j.runtime.models.BaseModelRegistry;

import java.util.Map;
import java.util.Objects;

/**
 * Where a trainer, or a trained model, gets the embedding model it reads: a linear probe's base model, a
 * student's teacher. The spec ({@code provider[:reference]}) stays the trainer's to choose — it is what the
 * model's provenance records — but the loading is the caller's: the CLI hands in its one registry, a test a fake.
 * The caller of {@link #load} owns (and closes) the model it gets.
 */
@FunctionalInterface
public interface EmbeddingModelSupplier {

    /**
     * The embedding model {@code spec} names, on {@code device}.
     *
     * @throws ModelLoadException naming the spec when it cannot be loaded or cannot embed
     */
    EmbeddingModel load(String spec, Device device) throws ModelLoadException;

    /** Models loaded through {@code models} (the invocation's registry, or the one loading a target model). */
    static EmbeddingModelSupplier from(ModelLoader models) {
        Objects.requireNonNull(models, "models");
        return (spec, device) -> models.load(spec, EmbeddingModel.class, new ModelRequest(null, null, device, Map.of()));
    }

    /**
     * The public static entry for a library user who gives no registry: the providers on the class path
     * ({@link BaseModelRegistry#discover()}), found when a model is first asked for. What a
     * {@link dev.autodistill4j.trainers.TrainingRequest} uses unless it is given a supplier; code that has a
     * registry passes it with {@link #from} instead, so one invocation discovers once.
     */
    static EmbeddingModelSupplier fromClassPath() {
        return (spec, device) -> from(BaseModelRegistry.discover()).load(spec, device);
    }
}
