package dev.autodistill4j.metaclip.checkpoint;

import java.util.Set;

/**
 * Named tensors read from a checkpoint, lazily: {@link #floats} reads (and converts) one tensor at a time so a
 * large checkpoint is never held twice in memory.
 *
 * <p>Whatever the file layout, a {@link ClipCheckpoint}'s state dict uses Hugging Face {@code CLIPModel}
 * tensor names, so the network code knows one naming only.
 */
public interface StateDict extends AutoCloseable {

    /** Tensor names, in file order. */
    Set<String> names();

    default boolean contains(String name) {
        return names().contains(name);
    }

    /** Type and shape of a tensor; throws {@link CheckpointException} naming the file when it is absent. */
    TensorInfo info(String name);

    /** The tensor's elements as F32 in row-major order (F16, BF16 and F64 are converted). */
    float[] floats(String name);

    /**
     * Whether {@link #readFloats} reads just the requested range. When true, a tensor of any size (MetaCLIP 2's
     * 901,629 × 1024 token embedding is 3.69 GB, more than a Java array or buffer holds) can be streamed into
     * native memory in bounded chunks; when false, {@link #readFloats} converts the whole tensor each call.
     */
    default boolean readsRanges() {
        return false;
    }

    /**
     * Elements {@code [offset, offset + count)} of the tensor (row-major, as F32) into {@code out} from
     * {@code outOffset}.
     */
    default void readFloats(String name, long offset, float[] out, int outOffset, int count) {
        float[] all = floats(name);
        System.arraycopy(all, Math.toIntExact(offset), out, outOffset, count);
    }

    @Override
    void close();
}
