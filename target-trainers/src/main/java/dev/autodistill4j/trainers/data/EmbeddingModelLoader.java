package dev.autodistill4j.trainers.data;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelRegistry;

import java.util.Map;

/**
 * Loads the base model a trainer embeds with, through the framework's provider registry. (Named for what it
 * does; {@code dev.autodistill4j.api.model.BaseModels} is the framework's capability-cast helper.)
 */
public final class EmbeddingModelLoader {
    private EmbeddingModelLoader() {
    }

    /** Loads a model that must be able to embed images (what linear-probe trains on). */
    public static EmbeddingModel loadEmbedding(String spec, String device) {
        BaseModel m = BaseModelRegistry.discover().load(spec, new ModelRequest(null, null, device, Map.of()));
        if (m instanceof EmbeddingModel e) {
            return e;
        }
        m.close();
        throw new ModelLoadException("model '" + spec + "' cannot compute image embeddings: linear-probe needs an "
                + "embedding model such as metaclip");
    }
}
