package dev.autodistill4j.onnx;

import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.metaclip.ClipZeroShotModel;
import dev.autodistill4j.metaclip.ZeroShotClassifier;
import dev.autodistill4j.metaclip.ZeroShotOptions;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;
import dev.autodistill4j.onnx.runtime.OnnxClipNetwork;

/**
 * An {@link OnnxClipModel} that also classifies zero-shot into the request's ontology, with the metaclip
 * provider's {@link ZeroShotClassifier} (same prompts, templates, aggregation, logit scale).
 */
public final class OnnxClassificationModel extends OnnxClipModel implements ClipZeroShotModel {
    private final ZeroShotClassifier classifier;

    OnnxClassificationModel(OnnxClipNetwork network, TextTokenizer tokenizer, ClipImagePreprocessor preprocessor,
                            ModelInfo info, ZeroShotOptions options, Ontology ontology) {
        super(network, tokenizer, preprocessor, info, options.batchSize());
        this.classifier = zeroShotClassifier(ontology, options);
    }

    @Override
    public ZeroShotClassifier classifier() {
        return classifier;
    }
}
