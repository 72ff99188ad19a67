package dev.autodistill4j.metaclip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import dev.autodistill4j.metaclip.checkpoint.TensorInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Copies checkpoint tensors into NDArrays owned by the model's manager, checking each shape against the
 * architecture.
 *
 * <p>Problems are collected rather than thrown one by one, so a user with a mismatched checkpoint sees every
 * missing or mis-shaped tensor in one message ({@link #verify}); a placeholder of the expected shape keeps
 * construction going until then.
 */
final class WeightLoader {
    /** Largest |logit_scale| accepted: ln 1000. */
    static final float LOGIT_SCALE_LIMIT = 6.9078f;
    private final StateDict weights;
    private final NDManager manager;
    private final String source;
    private final List<String> problems = new ArrayList<>();

    WeightLoader(StateDict weights, NDManager manager, String source) {
        this.weights = weights;
        this.manager = manager;
        this.source = source;
    }

    /** The tensor {@code name}, which must have exactly the shape {@code dims}. */
    NDArray load(String name, long... dims) {
        float[] data = read(name, dims);
        return manager.create(data == null ? new float[(int) new Shape(dims).size()] : data, new Shape(dims));
    }

    /**
     * Tensors that share trailing dimensions stacked along the first, each multiplied by its scale; used to
     * fuse the q, k and v projections into one matrix.
     */
    NDArray concatRows(String[] names, float[] scales, long... dims) {
        int part = Math.toIntExact(new Shape(dims).size());
        float[] all = new float[part * names.length];
        for (int i = 0; i < names.length; i++) {
            float[] data = read(names[i], dims);
            if (data != null) {
                for (int j = 0; j < part; j++) {
                    all[i * part + j] = data[j] * scales[i];
                }
            }
        }
        long[] fused = dims.clone();
        fused[0] *= names.length;
        return manager.create(all, new Shape(fused));
    }

    /** Float value of a scalar tensor (shape {@code []} or {@code [1]}), or {@code fallback} when absent. */
    float scalar(String name, float fallback) {
        if (!weights.contains(name)) {
            return fallback;
        }
        float[] data = requireFinite(name, weights.floats(name));
        if (data.length != 1) {
            problems.add(name + ": expected a scalar, found " + weights.info(name).shapeString());
            return fallback;
        }
        return data[0];
    }

    /**
     * CLIP's {@code logit_scale} (log of the softmax temperature; trained CLIPs clamp it at ln 100 ≈ 4.6). Outside
     * {@code ±LOGIT_SCALE_LIMIT} the scale exceeds 1000 or falls below 1/1000, which makes every prediction a
     * certain one-hot or a uniform guess, so such a checkpoint is refused rather than used.
     */
    float logitScale(float fallback) {
        float logit = scalar("logit_scale", fallback);
        if (Math.abs(logit) > LOGIT_SCALE_LIMIT) {
            throw new CheckpointException(source + ": tensor logit_scale is " + logit + " (temperature exp("
                    + logit + ")); a CLIP's lies within ±" + LOGIT_SCALE_LIMIT + " (ln 100 = 4.6 for trained ones): "
                    + "the checkpoint is corrupt or not a CLIP; re-download or re-export it");
        }
        return logit;
    }

    /** Throws, naming the tensor and the file, when {@code data} holds NaN or an infinity. */
    private float[] requireFinite(String name, float[] data) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new CheckpointException(source + ": tensor " + name + " holds " + data[i] + " at flat index "
                        + i + "; the checkpoint is corrupt or was saved after training diverged: re-download or "
                        + "re-export it");
            }
        }
        return data;
    }

    private float[] read(String name, long[] dims) {
        if (!weights.contains(name)) {
            problems.add(name + ": missing (expected shape " + Arrays.toString(dims) + ")");
            return null;
        }
        TensorInfo info = weights.info(name);
        if (!Arrays.equals(info.shape(), dims)) {
            problems.add(name + ": expected shape " + Arrays.toString(dims) + ", found " + info.shapeString());
            return null;
        }
        return requireFinite(name, weights.floats(name));
    }

    /** Throws one {@link CheckpointException} listing every problem met so far. */
    void verify() {
        if (!problems.isEmpty()) {
            throw new CheckpointException(source + " does not match the model architecture ("
                    + problems.size() + " problem(s)): " + String.join("; ", problems)
                    + ". Check that config.json / model_config.json belongs to these weights.");
        }
    }
}
