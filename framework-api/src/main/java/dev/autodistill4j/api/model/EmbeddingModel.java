package dev.autodistill4j.api.model;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A model that maps images and texts into one vector space (CLIP-style).
 *
 * <p>Embeddings are the raw projected vectors, <em>not</em> normalised, so they match the reference
 * implementation's {@code encode_image}/{@code encode_text}; use {@link Embeddings#normalize(float[])} or
 * {@link #compare} for cosine similarity.
 */
public interface EmbeddingModel extends BaseModel {

    /** CLIP's logit scale cap, used when a model does not know its own temperature. */
    double DEFAULT_LOGIT_SCALE = 100.0;

    /**
     * The factor that turns cosines into softmax logits ({@code exp(logit_scale)} of a CLIP checkpoint), so
     * classifiers built on this model's embeddings (prompts, reference images) give probabilities on the scale
     * its zero-shot classifier does. Default {@link #DEFAULT_LOGIT_SCALE}.
     */
    default double logitScale() {
        return DEFAULT_LOGIT_SCALE;
    }

    /** Dimension of every embedding this model produces. */
    int embeddingDimension();

    List<float[]> embedImages(List<BufferedImage> images);

    List<float[]> embedTexts(List<String> texts);

    default float[] embedImage(BufferedImage image) {
        return embedImages(List.of(image)).get(0);
    }

    default float[] embedText(String text) {
        return embedTexts(List.of(text)).get(0);
    }

    /** Cosine similarity of two embeddings. */
    default double compare(float[] a, float[] b) {
        return Embeddings.cosine(a, b);
    }

    /** Cosine similarity matrix: {@code result[i][j] = cos(a[i], b[j])}. */
    default float[][] compare(List<float[]> a, List<float[]> b) {
        return Embeddings.cosineMatrix(a, b);
    }
}
