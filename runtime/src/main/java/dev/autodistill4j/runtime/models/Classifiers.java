package dev.autodistill4j.runtime.models;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.ontology.OntologyException;

/**
 * A loaded model as a classifier for {@code predict} and {@code label}. Without an ontology only a model that
 * brings its own classes (a trained {@code target} model) classifies; a foundation model then needs one, and the
 * error says so instead of "cannot classify".
 */
public final class Classifiers {
    private Classifiers() {
    }

    /**
     * {@code model} as a classifier.
     *
     * @param ontologyGiven whether the caller loaded it with an ontology
     * @throws OntologyException when no ontology was given and the model has no classes of its own
     */
    public static ClassificationBaseModel of(BaseModel model, boolean ontologyGiven) {
        if (!ontologyGiven && !(model instanceof ClassificationBaseModel)) {
            throw new OntologyException("model '" + model.info().spec() + "' has no classes of its own: pass "
                    + "`ontology` FILE.yaml (prompt: class mapping) or set ontology: in the config; only a trained "
                    + "model (`model` target:DIR) brings its classes");
        }
        return BaseModels.classifier(model);
    }
}
