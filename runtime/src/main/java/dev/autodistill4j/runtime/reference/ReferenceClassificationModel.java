package dev.autodistill4j.runtime.reference;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.zeroshot.EmbeddingClassificationModel;
import dev.autodistill4j.runtime.zeroshot.ZeroShotSettings;

import java.util.Locale;

/**
 * Any {@link EmbeddingModel} turned into a classifier for a {@link ReferenceOntology} (prompts, example images,
 * vectors) by a {@link ReferenceClassifier}. {@code BaseModelRegistry} returns one whenever a request carries a
 * {@link ReferenceOntology}, so every provider that can embed supports such ontologies.
 */
public final class ReferenceClassificationModel extends EmbeddingClassificationModel {
    private final ReferenceClassifier classifier;

    private ReferenceClassificationModel(EmbeddingModel embedder, ReferenceClassifier classifier,
                                         ZeroShotSettings settings) {
        super(embedder, withClassifier(settings.recordedIn(embedder.info().details()),
                "reference " + classifier.ontology().method().name().toLowerCase(Locale.ROOT)
                        + " (logit scale " + classifier.logitScale() + ")"));
        this.classifier = classifier;
    }

    /**
     * Builds the classifier (decoding and embedding every reference); the wrapper owns {@code embedder}. The load's
     * zero-shot {@code settings} are recorded in the details as for a caption ontology (a {@code classes:}
     * ontology does not use them; every run.json of a runtime classifier names the same settings).
     */
    public static ReferenceClassificationModel wrap(EmbeddingModel embedder, ReferenceOntology ontology,
                                                    ZeroShotSettings settings) {
        return new ReferenceClassificationModel(embedder,
                ReferenceClassifier.build(embedder, ontology, ImageDecoder.defaults()), settings);
    }

    public ReferenceClassifier classifier() {
        return classifier;
    }

    @Override
    public ReferenceOntology ontology() {
        return classifier.ontology();
    }

    @Override
    protected float[] distribution(float[] imageEmbedding) {
        return classifier.probabilities(imageEmbedding);
    }
}
