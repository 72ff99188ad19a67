package dev.autodistill4j.cli.search;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.search.IndexModelMismatchException;
import dev.autodistill4j.search.IndexedModel;
import dev.autodistill4j.search.SearchIndex;

import java.util.Map;

/** Loading the embedding model of a search command, and checking it against the index. */
final class SearchModels {
    private SearchModels() {
    }

    /**
     * Loads {@code spec} as an embedding model. A reference that is a local path is made absolute first, so the
     * spec recorded in an index still works from another working directory.
     */
    static EmbeddingModel load(BaseModelRegistry registry, String spec, Device device) {
        return load(registry, spec, device, Map.of());
    }

    /** As {@link #load(BaseModelRegistry, String, Device)} with provider options (e.g. the engine). */
    static EmbeddingModel load(BaseModelRegistry registry, String spec, Device device, Map<String, String> options) {
        ModelSpec parsed = ModelSpec.parse(spec).withAbsoluteLocalPath();
        String full = parsed.reference() == null || parsed.reference().isEmpty() ? parsed.provider()
                : parsed.provider() + ":" + parsed.reference();
        return registry.load(full, EmbeddingModel.class,
                new ModelRequest(parsed.reference(), null, device, options));
    }

    /**
     * The model to query {@code index} with: {@code override} when given (it must be the index's model), else
     * the model recorded in the index.
     */
    static EmbeddingModel forIndex(BaseModelRegistry registry, SearchIndex index, String override,
                                   Device device) {
        EmbeddingModel model = load(registry, override != null ? override : index.model().spec(), device);
        IndexedModel actual = IndexedModel.of(model.info(), model.embeddingDimension());
        if (!index.model().sameModelAs(actual)) {
            String description = actual.describe();
            model.close();
            throw new IndexModelMismatchException("the index at " + index.directory() + " holds embeddings of "
                    + index.model().describe() + ", but the query model is " + description + ": query it with --model "
                    + index.model().spec() + " (or leave --model out)");
        }
        return model;
    }
}
