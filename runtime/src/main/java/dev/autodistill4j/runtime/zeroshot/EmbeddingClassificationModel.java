package dev.autodistill4j.runtime.zeroshot;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ClassificationRequest;
import dev.autodistill4j.api.model.ClassificationResponse;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link EmbeddingModel} that the runtime turns into a classifier: the provider gives embeddings (the
 * evidence), a subclass's classifier makes the decision on each image embedding. It is still the embedding model
 * (search, cluster), and closing it closes the wrapped model. The one home of "embed, then classify" for every
 * kind of ontology the runtime classifies into (captions, example images).
 */
public abstract class EmbeddingClassificationModel implements ClassificationBaseModel, EmbeddingModel {
    private final EmbeddingModel embedder;
    private final ModelInfo info;

    /**
     * @param details the embedder's details with what the classifier adds (written to run.json); see
     *                {@link #withClassifier}
     */
    protected EmbeddingClassificationModel(EmbeddingModel embedder, Map<String, Object> details) {
        this.embedder = embedder;
        ModelInfo base = embedder.info();
        this.info = new ModelInfo(base.provider(), base.reference(), base.checkpoint(), base.checkpointSha256(),
                base.license(), details);
    }

    /** {@code details} with a {@code classifier} entry saying how the runtime classifies, at the end. */
    protected static Map<String, Object> withClassifier(Map<String, Object> details, String classifier) {
        Map<String, Object> out = new LinkedHashMap<>(details);
        out.put("classifier", classifier);
        return out;
    }

    /** The evidence for one image embedding made by this model: a distribution over the ontology's classes. */
    protected abstract float[] distribution(float[] imageEmbedding);

    /** Embeds the images and classifies each embedding; the threshold is applied by the caller's decision. */
    @Override
    public final ClassificationResponse classify(ClassificationRequest request) {
        List<float[]> out = new ArrayList<>(request.images().size());
        for (float[] e : embedder.embedImages(request.images())) {
            out.add(distribution(e));
        }
        return new ClassificationResponse(out);
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
