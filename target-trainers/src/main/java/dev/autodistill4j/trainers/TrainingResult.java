package dev.autodistill4j.trainers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a finished training run produced.
 *
 * @param modelDir the model directory written
 * @param trainer  the trainer's name
 * @param classes  class names, indexed by class id
 * @param metrics  numbers measured during training (e.g. {@code valid_accuracy}); also in the model dir
 */
public record TrainingResult(Path modelDir, String trainer, List<String> classes, Map<String, Object> metrics) {
    public TrainingResult {
        classes = List.copyOf(classes);
        metrics = Map.copyOf(metrics);
    }
}
