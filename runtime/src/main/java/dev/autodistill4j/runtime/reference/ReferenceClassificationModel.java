package dev.autodistill4j.runtime.reference;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any {@link EmbeddingModel} turned into a classifier for a {@link ReferenceOntology} (prompts, example images,
 * vectors) by a {@link ReferenceClassifier}. It is still the embedding model too (search, cluster), and closing
 * it closes the wrapped model. {@code BaseModelRegistry} returns one whenever a request carries a
 * {@link ReferenceOntology}, so every provider that can embed supports such ontologies.
 */
public final class ReferenceClassificationModel implements ClassificationBaseModel, EmbeddingModel {
    private final EmbeddingModel embedder;
    private final ReferenceClassifier classifier;
    private final ModelInfo info;

    private ReferenceClassificationModel(EmbeddingModel embedder, ReferenceClassifier classifier) {
        this.embedder = embedder;
        this.classifier = classifier;
        ModelInfo base = embedder.info();
        Map<String, Object> details = new LinkedHashMap<>(base.details());
        details.put("classifier", "reference " + classifier.ontology().method().name().toLowerCase(java.util.Locale.ROOT)
                + " (logit scale " + classifier.logitScale() + ")");
        this.info = new ModelInfo(base.provider(), base.reference(), base.checkpoint(), base.checkpointSha256(),
                base.license(), details);
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
    public List<Classifications> predictBatch(List<BufferedImage> images, double confidence) {
        List<Classifications> out = new ArrayList<>(images.size());
        for (float[] e : embedder.embedImages(images)) {
            out.add(classifier.classify(e, confidence));
        }
        return out;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public double logitScale() {
        return embedder.logitScale();
    }

    @Override
    public int embeddingDimension() {
        return embedder.embeddingDimension();
    }

    @Override
    public List<float[]> embedImages(List<BufferedImage> images) {
        return embedder.embedImages(images);
    }

    @Override
    public List<float[]> embedTexts(List<String> texts) {
        return embedder.embedTexts(texts);
    }

    @Override
    public void close() {
        embedder.close();
    }
}
