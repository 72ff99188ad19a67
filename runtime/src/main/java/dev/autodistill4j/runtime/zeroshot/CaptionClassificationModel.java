package dev.autodistill4j.runtime.zeroshot;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.ontology.Ontology;

import java.util.Locale;
import java.util.Map;

/**
 * Any {@link EmbeddingModel} classifying zero-shot into a caption ontology with a {@link CaptionClassifier}: what
 * {@code BaseModelRegistry} returns when a request carries a caption ontology and the provider's model only
 * embeds, so a provider that can embed images and texts gets zero-shot classification without a line of
 * classification code.
 */
public final class CaptionClassificationModel extends EmbeddingClassificationModel {
    private final CaptionClassifier classifier;

    private CaptionClassificationModel(EmbeddingModel embedder, CaptionClassifier classifier,
                                       ZeroShotSettings settings) {
        super(embedder, details(embedder.info().details(), classifier, settings));
        this.classifier = classifier;
    }

    /** Embeds every prompt now (templates and aggregation from {@code settings}); the wrapper owns {@code embedder}. */
    public static CaptionClassificationModel wrap(EmbeddingModel embedder, Ontology ontology,
                                                  ZeroShotSettings settings) {
        return new CaptionClassificationModel(embedder,
                CaptionClassifier.build(embedder, ontology, settings.templates(), settings.aggregation()), settings);
    }

    /**
     * The embedder's details with the settings recorded beside its {@code logit_scale}; a model whose details do
     * not state its temperature also gets a {@code classifier} entry naming the one used.
     */
    private static Map<String, Object> details(Map<String, Object> base, CaptionClassifier classifier,
                                               ZeroShotSettings settings) {
        Map<String, Object> details = settings.recordedIn(base);
        return base.containsKey(ZeroShotSettings.LOGIT_SCALE) ? details : withClassifier(details,
                "caption zero-shot, aggregation " + classifier.aggregation().name().toLowerCase(Locale.ROOT)
                        + " (logit scale " + classifier.logitScale() + ")");
    }

    public CaptionClassifier classifier() {
        return classifier;
    }

    @Override
    public Ontology ontology() {
        return classifier.ontology();
    }

    @Override
    protected float[] distribution(float[] imageEmbedding) {
        return classifier.distribution(imageEmbedding);
    }
}
