package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.runtime.zeroshot.CaptionClassificationModel;

import java.util.List;

/**
 * Loads the metaclip provider as the CLI does, through the runtime's registry, which classifies its embedding
 * model zero-shot when the request carries an ontology (the provider itself only embeds).
 */
final class ThroughRuntime {
    private static final BaseModelRegistry REGISTRY = BaseModelRegistry.of(List.of(new MetaclipProvider()));

    private ThroughRuntime() {
    }

    static BaseModel load(ModelRequest request) {
        return REGISTRY.load(MetaclipProvider.NAME + ":" + request.reference(), request);
    }

    /** {@link #load} of a request with a caption ontology. */
    static CaptionClassificationModel classifier(ModelRequest request) {
        return (CaptionClassificationModel) load(request);
    }
}
