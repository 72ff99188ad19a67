package dev.autodistill4j.api.model;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * What a {@link DetectionModel} is asked: a record, not positional arguments, so a setting added later (a size
 * hint, a box budget) does not break implementors.
 *
 * @param images decoded RGB images
 */
public record DetectionRequest(List<BufferedImage> images) {
    public DetectionRequest {
        images = List.copyOf(images);
    }
}
