package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.ontology.Ontology;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A CLIP {@link EmbeddingModel} that also classifies zero-shot into the request's ontology with a
 * {@link ZeroShotClassifier} (same prompts, templates, aggregation and logit scale for every engine). An
 * interface with default methods rather than a class because each engine's classification model already
 * extends that engine's embedding model (a {@code MetaclipClassificationModel} is a {@link MetaclipModel}); it
 * lets them share the classification code all the same.
 */
public interface ClipZeroShotModel extends EmbeddingModel, ClassificationBaseModel {

    /** The classifier, with the prompt features embedded once, at load time. */
    ZeroShotClassifier classifier();

    @Override
    default Ontology ontology() {
        return classifier().ontology();
    }

    @Override
    default List<Classifications> predictBatch(List<BufferedImage> images, double confidence) {
        List<float[]> embeddings = embedImages(images);
        List<Classifications> out = new ArrayList<>(embeddings.size());
        for (float[] e : embeddings) {
            out.add(classifier().classify(e, confidence));
        }
        return out;
    }

    /** Classifies an image embedding computed earlier by this model, e.g. a cached one. */
    default Classifications classifyEmbedding(float[] imageEmbedding, double confidence) {
        return classifier().classify(imageEmbedding, confidence);
    }
}
