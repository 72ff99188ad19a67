package dev.autodistill4j.onnx.export;

import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import dev.autodistill4j.metaclip.checkpoint.TensorInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads tensors from a state dict (Hugging Face {@code CLIPModel} names, whatever layout the checkpoint came
 * in) checking each shape against the architecture. Like the PyTorch path's loader, problems are collected
 * and reported together by {@link #verify}, so a mismatched checkpoint is explained in one message.
 */
final class CheckedWeights {
    private final StateDict weights;
    private final String source;
    private final List<String> problems = new ArrayList<>();

    CheckedWeights(StateDict weights, String source) {
        this.weights = weights;
        this.source = source;
    }

    /** The tensor {@code name} of exactly shape {@code dims}; zeros (and a recorded problem) otherwise. */
    float[] load(String name, long... dims) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        if (!weights.contains(name)) {
            problems.add(name + ": missing (expected shape " + Arrays.toString(dims) + ")");
            return new float[Math.toIntExact(size)];
        }
        TensorInfo info = weights.info(name);
        if (!Arrays.equals(info.shape(), dims)) {
            problems.add(name + ": expected shape " + Arrays.toString(dims) + ", found " + info.shapeString());
            return new float[Math.toIntExact(size)];
        }
        return weights.floats(name);
    }

    /** A scalar tensor, or {@code fallback} when absent. */
    float scalar(String name, float fallback) {
        if (!weights.contains(name)) {
            return fallback;
        }
        float[] data = weights.floats(name);
        if (data.length != 1) {
            problems.add(name + ": expected a scalar, found " + weights.info(name).shapeString());
            return fallback;
        }
        return data[0];
    }

    /** Throws one {@link CheckpointException} listing every problem met so far. */
    void verify() {
        if (!problems.isEmpty()) {
            throw new CheckpointException(source + " does not match the model architecture (" + problems.size()
                    + " problem(s)): " + String.join("; ", problems)
                    + ". Check that config.json / model_config.json belongs to these weights.");
        }
    }
}
