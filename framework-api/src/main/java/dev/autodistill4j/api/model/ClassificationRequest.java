package dev.autodistill4j.api.model;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * What a {@link ClassificationBaseModel} is asked for its evidence: a record, not positional arguments, so a
 * setting added later does not break implementors. It carries no threshold: keeping classes above one is the
 * caller's decision ({@link ClassificationBaseModel#predictBatch}).
 *
 * @param images decoded RGB images
 */
public record ClassificationRequest(List<BufferedImage> images) {
    public ClassificationRequest {
        images = List.copyOf(images);
    }
}
