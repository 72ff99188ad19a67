package dev.autodistill4j.runtime.reference;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.zeroshot.EmbeddingClassificationModel;

import java.util.Locale;

/**
 * Any {@link EmbeddingModel} turned into a classifier for a {@link ReferenceOntology} (prompts, example images,
 * vectors) by a {@link ReferenceClassifier}. {@code BaseModelRegistry} returns one whenever a request carries a
 * {@link ReferenceOntology}, so every provider that can embed supports such ontologies.
 */
public final class ReferenceClassificationModel extends EmbeddingClassificationModel {
    private final ReferenceClassifier classifier;

    private ReferenceClassificationModel(EmbeddingModel embedder, ReferenceClassifier classifier) {
        super(embedder, "reference " + classifier.ontology().method().name().toLowerCase(Locale.ROOT)
                + " (logit scale " + classifier.logitScale() + ")");
        this.classifier = classifier;
    }

    /** Builds the classifier (decoding and embedding every reference); the wrapper owns {@code embedder}. */
    public static ReferenceClassificationModel wrap(EmbeddingModel embedder, ReferenceOntology ontology) {
        return new ReferenceClassificationModel(embedder,
                ReferenceClassifier.build(embedder, ontology, ImageDecoder.defaults()));
    }

    public ReferenceClassifier classifier() {
        return classifier;
    }

    @Override
    public ReferenceOntology ontology() {
        return classifier.ontology();
    }

    @Override
    protected Classifications classify(float[] imageEmbedding, double confidence) {
        return classifier.classify(imageEmbedding, confidence);
    }
}
