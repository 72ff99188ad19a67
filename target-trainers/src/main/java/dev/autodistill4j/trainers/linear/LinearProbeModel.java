package dev.autodistill4j.trainers.linear;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ClassificationRequest;
import dev.autodistill4j.api.model.ClassificationResponse;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A loaded linear probe: base-model embeddings → normalise → softmax(Wx + b). Owns (closes) the base model. */
final class LinearProbeModel implements ClassificationBaseModel {
    private final List<String> classes;
    private final SoftmaxRegression.Weights weights;
    private final EmbeddingModel base;
    private final ModelInfo info;
    private final Ontology ontology;

    LinearProbeModel(TargetModelDirectory dir, List<String> classes, SoftmaxRegression.Weights weights,
                     EmbeddingModel base) {
        this.classes = List.copyOf(classes);
        this.weights = weights;
        this.base = base;
        this.ontology = CaptionOntology.ofClasses(classes);
        this.info = new ModelInfo("target", dir.dir().toString(), dir.file(LinearProbeTrainer.WEIGHTS).toString(),
                dir.manifest().path("files").path(LinearProbeTrainer.WEIGHTS).path("sha256").asText(null), null,
                Map.of("trainer", LinearProbeTrainer.NAME, "base_model", base.info().spec()));
    }

    @Override
    public Ontology ontology() {
        return ontology;
    }

    @Override
    public ClassificationResponse classify(ClassificationRequest request) {
        List<float[]> vectors = base.embedImages(request.images());
        List<float[]> out = new ArrayList<>(vectors.size());
        for (float[] v : vectors) {
            out.add(weights.probabilities(Embeddings.normalize(v)));
        }
        return new ClassificationResponse(out);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public void close() {
        base.close();
    }
}
