package dev.autodistill4j.api.model;

import java.util.List;

/**
 * A {@link ClassificationBaseModel}'s evidence: per image of the request, in order, a distribution over the model's
 * {@link ClassificationBaseModel#ontology()} classes (indexed by class id). A record, so evidence added later
 * (logits, per-prompt scores) does not break callers.
 *
 * @param distributions one probability per class id for each image
 */
public record ClassificationResponse(List<float[]> distributions) {
    public ClassificationResponse {
        distributions = List.copyOf(distributions);
    }
}
