package dev.autodistill4j.runtime.zeroshot;

import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.PromptAggregation;
import dev.autodistill4j.api.ontology.Ontology;

import java.util.List;
import java.util.Locale;

/**
 * Any {@link EmbeddingModel} classifying zero-shot into a caption ontology with a {@link CaptionClassifier}: what
 * {@code BaseModelRegistry} returns when a request carries a caption ontology and the provider's model only
 * embeds, so a provider that can embed images and texts gets zero-shot classification without a line of
 * classification code.
 */
public final class CaptionClassificationModel extends EmbeddingClassificationModel {
    private final CaptionClassifier classifier;

    private CaptionClassificationModel(EmbeddingModel embedder, CaptionClassifier classifier) {
        super(embedder, "caption zero-shot, aggregation " + classifier.aggregation().name().toLowerCase(Locale.ROOT)
                + " (logit scale " + classifier.logitScale() + ")");
        this.classifier = classifier;
    }

    /** Embeds every prompt now; the wrapper owns {@code embedder}. */
    public static CaptionClassificationModel wrap(EmbeddingModel embedder, Ontology ontology,
                                                  List<String> templates, PromptAggregation aggregation) {
        return new CaptionClassificationModel(embedder,
                CaptionClassifier.build(embedder, ontology, templates, aggregation));
    }

    public CaptionClassifier classifier() {
        return classifier;
    }

    @Override
    public Ontology ontology() {
        return classifier.ontology();
    }

    @Override
    protected Classifications classify(float[] imageEmbedding, double confidence) {
        return classifier.classify(imageEmbedding, confidence);
    }
}
