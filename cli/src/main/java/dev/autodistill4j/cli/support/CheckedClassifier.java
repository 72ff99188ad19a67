package dev.autodistill4j.cli.support;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ClassificationRequest;
import dev.autodistill4j.api.model.ClassificationResponse;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.onnx.engine.Int8Check;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A classifier whose provenance also carries the int8 self-check it passed ({@code engine_check} in its
 * details), so {@code run.json} records on what evidence int8 labelled the dataset. Classifies and closes as
 * the model it wraps.
 */
public final class CheckedClassifier implements ClassificationBaseModel {
    private final ClassificationBaseModel model;
    private final ModelInfo info;

    public CheckedClassifier(ClassificationBaseModel model, Int8Check check) {
        this.model = model;
        ModelInfo i = model.info();
        Map<String, Object> details = new LinkedHashMap<>(i.details());
        details.put("engine_check", check.toMap());
        this.info = new ModelInfo(i.provider(), i.reference(), i.checkpoint(), i.checkpointSha256(), i.license(),
                details);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Ontology ontology() {
        return model.ontology();
    }

    @Override
    public ClassificationResponse classify(ClassificationRequest request) {
        return model.classify(request);
    }

    @Override
    public void close() {
        model.close();
    }
}
