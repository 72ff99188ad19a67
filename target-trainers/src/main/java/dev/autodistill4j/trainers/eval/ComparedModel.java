package dev.autodistill4j.trainers.eval;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.runtime.models.BaseModelRegistry;

import java.util.Map;

/**
 * The one place {@code compare} asks the registry for a classifier: a spec plus the ontology for models that
 * need one ({@code target} models carry their own classes, as in {@code evaluate}). Kept thin on purpose: when
 * providers hand out evidence and the runtime classifies (the SPI seam), only this class changes.
 */
public final class ComparedModel {
    private ComparedModel() {
    }

    /** Whether {@code spec}'s provider brings its own classes, so the ontology is not passed to it. */
    public static boolean ownsClasses(String spec) {
        return spec.strip().toLowerCase(java.util.Locale.ROOT).startsWith("target:");
    }

    /** Loads {@code spec} as a classifier of {@code ontology} (ignored for models with their own classes). */
    public static ClassificationBaseModel load(BaseModelRegistry registry, String spec, Ontology ontology,
                                               Device device, Map<String, String> options) {
        Ontology o = ownsClasses(spec) ? null : ontology;
        return registry.load(spec, ClassificationBaseModel.class, new ModelRequest(null, o, device, options));
    }
}
