package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.metaclip.model.ClipModel;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;

/**
 * A {@link MetaclipModel} that also classifies zero-shot into the request's ontology: what the provider
 * returns when the request carries one. The prompt features are embedded once, at load time.
 */
public final class MetaclipClassificationModel extends MetaclipModel implements ClipZeroShotModel {
    private final ZeroShotClassifier classifier;

    MetaclipClassificationModel(ClipModel network, TextTokenizer tokenizer, ClipImagePreprocessor preprocessor,
                                ModelInfo info, ZeroShotOptions options, Ontology ontology) {
        super(network, tokenizer, preprocessor, info, options.batchSize());
        this.classifier = zeroShotClassifier(ontology, options);
    }

    @Override
    public ZeroShotClassifier classifier() {
        return classifier;
    }
}
