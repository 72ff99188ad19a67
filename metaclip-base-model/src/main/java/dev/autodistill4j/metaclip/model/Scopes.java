package dev.autodistill4j.metaclip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.function.UnaryOperator;

/**
 * Runs one step of a network in its own child manager, so its intermediates (attention scores, MLP
 * activations) are freed as soon as the step ends instead of piling up until the whole call finishes.
 */
final class Scopes {
    private Scopes() {
    }

    /**
     * Applies {@code step} to {@code x}; {@code x} and every intermediate are closed, only the result survives
     * (in {@code x}'s former manager).
     */
    static NDArray consume(NDArray x, UnaryOperator<NDArray> step) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            x.attach(scope);
            NDArray y = step.apply(x);
            y.attach(parent);
            return y;
        }
    }
}
