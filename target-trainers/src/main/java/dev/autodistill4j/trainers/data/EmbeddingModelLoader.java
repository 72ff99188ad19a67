package dev.autodistill4j.trainers.data;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.runtime.models.BaseModelRegistry;

import java.util.Map;

/**
 * Loads the base model a trainer embeds with, through the framework's provider registry. (Named for what it
 * does; {@code dev.autodistill4j.api.model.BaseModels} is the framework's capability-cast helper.)
 */
public final class EmbeddingModelLoader {
    private EmbeddingModelLoader() {
    }

    /** Loads a model that must be able to embed images (what linear-probe trains on). */
    public static EmbeddingModel loadEmbedding(String spec, dev.autodistill4j.api.model.Device device) {
        return BaseModelRegistry.discover().load(spec, EmbeddingModel.class,
                new ModelRequest(null, null, device, Map.of()));
    }
}
