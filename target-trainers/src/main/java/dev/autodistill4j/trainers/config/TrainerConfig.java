package dev.autodistill4j.trainers.config;

import java.util.Map;

/**
 * A trainer's typed settings. Each trainer has one record implementing this: it is parsed from the request's
 * {@code -p key=value} hyper-parameters in one validated place ({@link HyperParameters}), written into
 * {@code model.json}'s {@code hyper_parameters} with {@link #toHyperParameters()}, and read back from there
 * when the model is loaded, so training and loading agree on one definition of every setting.
 */
public interface TrainerConfig {

    /**
     * The effective values under their {@code -p} names (plus {@code epochs} where the trainer has them), as
     * written into {@code model.json}; values are numbers, booleans or lists, never the user's raw strings.
     */
    Map<String, Object> toHyperParameters();
}
