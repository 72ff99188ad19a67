package dev.autodistill4j.trainers.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

import java.util.SplittableRandom;

/**
 * He-normal initial weights (DJL's default for weights: Gaussian, standard deviation √(2 / fan-in), fan-in =
 * input channels × kernel area) drawn from a generator the trainer seeds. DJL's own initializers draw from
 * PyTorch's process-wide generator, which could only be made reproducible by reseeding the whole engine for
 * every caller in the JVM; drawing in Java makes a seed give the same weights without touching global state.
 */
public final class SeededInitializer implements Initializer {
    private final SplittableRandom random;

    public SeededInitializer(SplittableRandom random) {
        this.random = random;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("He initialisation needs a weight of at least 2 dimensions, got "
                    + shape);
        }
        double fanIn = shape.get(1) * (shape.dimension() == 2 ? 1 : shape.slice(2).size());
        double std = Math.sqrt(2.0 / fanIn);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
