package dev.autodistill4j.onnx;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.metaclip.ZeroShotClassifier;
import dev.autodistill4j.metaclip.ZeroShotOptions;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.ClipTokenizer;
import dev.autodistill4j.onnx.runtime.OnnxClipNetwork;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link OnnxClipModel} that also classifies zero-shot into the request's ontology, with the metaclip
 * provider's {@link ZeroShotClassifier} (same prompts, templates, aggregation, logit scale).
 */
public final class OnnxClassificationModel extends OnnxClipModel implements ClassificationBaseModel {
    private final ZeroShotClassifier classifier;

    OnnxClassificationModel(OnnxClipNetwork network, ClipTokenizer tokenizer, ClipImagePreprocessor preprocessor,
                            ModelInfo info, ZeroShotOptions options, Ontology ontology) {
        super(network, tokenizer, preprocessor, info, options.batchSize());
        this.classifier = ZeroShotClassifier.build(ontology, this::embedTexts, options.templates(),
                network.logitScale(), options.aggregation());
    }

    @Override
    public Ontology ontology() {
        return classifier.ontology();
    }

    public ZeroShotClassifier classifier() {
        return classifier;
    }

    @Override
    public List<Classifications> predictBatch(List<BufferedImage> images, double confidence) {
        List<float[]> embeddings = embedImages(images);
        List<Classifications> out = new ArrayList<>(embeddings.size());
        for (float[] e : embeddings) {
            out.add(classifier.classify(e, confidence));
        }
        return out;
    }

    /** Classifies an image embedding computed earlier by this model. */
    public Classifications classifyEmbedding(float[] imageEmbedding, double confidence) {
        return classifier.classify(imageEmbedding, confidence);
    }
}
