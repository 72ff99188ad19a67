package dev.autodistill4j.api.model;

import dev.autodistill4j.api.ontology.Ontology;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A model that assigns images to the classes of an ontology.
 *
 * <p>Images are decoded, RGB {@link BufferedImage}s (see {@code dev.autodistill4j.runtime.image.ImageDecoder});
 * class ids in the result index {@link Ontology#classes()}.
 */
public interface ClassificationBaseModel extends BaseModel {

    /** The ontology this model classifies into (for a trained target model: its own class list). */
    Ontology ontology();

    /**
     * Classifies one image. Keeps the classes whose probability is strictly greater than {@code confidence}
     * (autodistill's semantics), but the full distribution is always in the result.
     */
    default Classifications predict(BufferedImage image, double confidence) {
        return predictBatch(List.of(image), confidence).get(0);
    }

    /** Classifies a batch; the result has one entry per input image, in order. */
    List<Classifications> predictBatch(List<BufferedImage> images, double confidence);
}
