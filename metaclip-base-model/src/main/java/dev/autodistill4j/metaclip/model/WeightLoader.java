package dev.autodistill4j.metaclip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import dev.autodistill4j.metaclip.checkpoint.LogitScale;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import dev.autodistill4j.metaclip.checkpoint.TensorInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    private final StateDict weights;
    private final NDManager manager;
    private final String source;
    private final List<String> problems = new ArrayList<>();
    /** Tensors above this size are streamed, in blocks of about this size (16 MiB of float32). */
    static final long DEFAULT_CHUNK_BYTES = 16L << 20;
    private final long chunkBytes;

    WeightLoader(StateDict weights, NDManager manager, String source) {
        this(weights, manager, source, DEFAULT_CHUNK_BYTES);
    }

    /** @param chunkBytes tensors larger than this are streamed in row blocks of about this size */
    WeightLoader(StateDict weights, NDManager manager, String source, long chunkBytes) {
        this.weights = weights;
        this.manager = manager;
        this.source = source;
        this.chunkBytes = chunkBytes;
    }

    /** The tensor {@code name}, which must have exactly the shape {@code dims}. */
    NDArray load(String name, long... dims) {
        Shape shape = new Shape(dims);
        if (!check(name, dims)) {
            return manager.zeros(shape); // placeholder until verify() reports every problem at once
        }
        if (shape.size() * Float.BYTES > chunkBytes && dims.length > 0 && weights.readsRanges()) {
            return streamed(name, shape);
        }
        return manager.create(requireFinite(name, weights.floats(name)), shape);
    }

    /**
     * A large tensor copied into native memory block of rows by block of rows: one uninitialised native array of
     * the full shape, filled through one reused direct buffer of about {@link #chunkBytes}. The heap never holds
     * more than one block, whatever the tensor's size — MetaCLIP 2's 901,629 × 1024 token embedding (3.69 GB) is
     * larger than any Java array or buffer could be.
     */
    private NDArray streamed(String name, Shape shape) {
        long rowElements = shape.size() / shape.get(0);
        int rowsPerChunk = (int) Math.max(1, Math.min(shape.get(0), chunkBytes / Float.BYTES / Math.max(1, rowElements)));
        int chunkElements = Math.toIntExact(rowsPerChunk * rowElements);
        NDArray out = manager.create(shape, DataType.FLOAT32);
        float[] heap = new float[chunkElements];
        ByteBuffer direct = ByteBuffer.allocateDirect(chunkElements * Float.BYTES).order(ByteOrder.nativeOrder());
        try {
            for (long row = 0; row < shape.get(0); row += rowsPerChunk) {
                int rows = (int) Math.min(rowsPerChunk, shape.get(0) - row);
                int n = Math.toIntExact(rows * rowElements);
                weights.readFloats(name, row * rowElements, heap, 0, n);
                requireFinite(name, heap, n, row * rowElements);
                direct.clear();
                direct.asFloatBuffer().put(heap, 0, n);
                direct.limit(n * Float.BYTES);
                long[] blockDims = shape.getShape().clone(); // DJL returns its own array
                blockDims[0] = rows;
                try (NDArray block = manager.create(direct, new Shape(blockDims), DataType.FLOAT32)) {
                    out.set(new NDIndex(row + ":" + (row + rows)), block);
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
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
     * CLIP's {@code logit_scale} (log of the softmax temperature; trained CLIPs clamp it at ln 100 ≈ 4.6), refused
     * outside the range {@link LogitScale} defines for every file that carries a temperature.
     */
    float logitScale(float fallback) {
        float logit = scalar("logit_scale", fallback);
        if (!LogitScale.acceptsLog(logit)) {
            throw new CheckpointException(source + ": tensor logit_scale is " + logit + " (temperature exp("
                    + logit + ")); a CLIP's lies within ±" + LogitScale.LOG_LIMIT + " (ln 100 = 4.6 for trained ones): "
                    + "the checkpoint is corrupt or not a CLIP; re-download or re-export it");
        }
        return logit;
    }

    /** Throws, naming the tensor and the file, when {@code data} holds NaN or an infinity. */
    private float[] requireFinite(String name, float[] data) {
        return requireFinite(name, data, data.length, 0);
    }

    /** As {@link #requireFinite(String, float[])} for the first {@code n} values of a block starting at {@code offset}. */
    private float[] requireFinite(String name, float[] data, int n, long offset) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(data[i])) {
                throw new CheckpointException(source + ": tensor " + name + " holds " + data[i] + " at flat index "
                        + (offset + i) + "; the checkpoint is corrupt or was saved after training diverged: re-download or "
                        + "re-export it");
            }
        }
        return data;
    }

    private float[] read(String name, long[] dims) {
        return check(name, dims) ? requireFinite(name, weights.floats(name)) : null;
    }

    /** True when {@code name} exists with shape {@code dims}; otherwise records the problem. */
    private boolean check(String name, long[] dims) {
        if (!weights.contains(name)) {
            problems.add(name + ": missing (expected shape " + Arrays.toString(dims) + ")");
            return false;
        }
        TensorInfo info = weights.info(name);
        if (!Arrays.equals(info.shape(), dims)) {
            problems.add(name + ": expected shape " + Arrays.toString(dims) + ", found " + info.shapeString());
            return false;
        }
        return true;
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
