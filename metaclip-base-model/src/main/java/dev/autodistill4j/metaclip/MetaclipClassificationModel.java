package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.metaclip.model.ClipModel;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MetaclipModel} that also classifies zero-shot into the request's ontology: what the provider
 * returns when the request carries one. The prompt features are embedded once, at load time.
 */
public final class MetaclipClassificationModel extends MetaclipModel implements ClassificationBaseModel {
    private final ZeroShotClassifier classifier;

    MetaclipClassificationModel(ClipModel network, TextTokenizer tokenizer, ClipImagePreprocessor preprocessor,
                                ModelInfo info, int batchSize, ZeroShotOptions options, Ontology ontology) {
        super(network, tokenizer, preprocessor, info, batchSize);
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

    /** Classifies already computed image embeddings (from this model), e.g. cached ones. */
    public Classifications classifyEmbedding(float[] imageEmbedding, double confidence) {
        return classifier.classify(imageEmbedding, confidence);
    }
}
