package dev.autodistill4j.api.model;

import java.util.List;

/** Every box a {@link DetectionModel} found in one image, in the detector's order. */
public record Detections(List<Detection> boxes) {
    public Detections {
        boxes = List.copyOf(boxes);
    }
}
