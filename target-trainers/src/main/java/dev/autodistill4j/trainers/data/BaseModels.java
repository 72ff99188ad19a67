package dev.autodistill4j.trainers.data;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Loads a base model from a {@code provider[:reference]} spec through {@link ServiceLoader}, so trainers depend
 * on the provider SPI and never on a concrete model family.
 */
public final class BaseModels {
    private BaseModels() {
    }

    public static BaseModel load(String spec, ModelRequest request) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        String reference = colon < 0 ? null : spec.substring(colon + 1);
        List<String> names = new ArrayList<>();
        for (BaseModelProvider p : ServiceLoader.load(BaseModelProvider.class, BaseModels.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p.load(new ModelRequest(reference, request.ontology(), request.device(), request.options()));
            }
            names.add(p.name());
        }
        throw new ModelLoadException("unknown model provider '" + name + "' in '" + spec + "'; available: "
                + String.join(", ", names.stream().sorted().toList()));
    }

    /** Loads a model that must be able to embed images (what linear-probe trains on). */
    public static EmbeddingModel loadEmbedding(String spec, String device) {
        BaseModel m = load(spec, new ModelRequest(null, null, device, java.util.Map.of()));
        if (m instanceof EmbeddingModel e) {
            return e;
        }
        m.close();
        throw new ModelLoadException("model '" + spec + "' cannot compute image embeddings: linear-probe needs an "
                + "embedding model such as metaclip");
    }
}
