package dev.autodistill4j.api.model;

import dev.autodistill4j.api.ontology.Ontology;

import java.util.List;

/**
 * A model that finds objects: for each image, boxes with a distribution over the ontology's classes — evidence
 * only. Thresholds, non-maximum suppression and what is written are the runtime's decisions, so a detector
 * plugs in by implementing this one method and a provider, without touching other modules.
 */
public interface DetectionModel extends BaseModel {

    /** The classes the distributions of {@link Detection} index. */
    Ontology ontology();

    /** One {@link Detections} per image of the request, in order. */
    List<Detections> detect(DetectionRequest request);
}
