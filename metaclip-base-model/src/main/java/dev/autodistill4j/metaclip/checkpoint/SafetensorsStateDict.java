package dev.autodistill4j.metaclip.checkpoint;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/** A validated safetensors file: tensors are converted from the mapping on each {@link #floats} call. */
final class SafetensorsStateDict implements StateDict {

    record Entry(TensorInfo info, long begin, long end) {
    }

    private final MappedFile file;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private volatile boolean closed;

    SafetensorsStateDict(MappedFile file, long dataStart, Map<String, Entry> entries) {
        this.file = file;
        this.dataStart = dataStart;
        this.entries = Collections.unmodifiableMap(entries);
    }

    @Override
    public Set<String> names() {
        return entries.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        return entry(name).info();
    }

    @Override
    public float[] floats(String name) {
        Entry e = entry(name);
        long count = e.info().elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file.path() + ": tensor '" + name + "' has " + count
                    + " elements, more than a Java array holds; it is read in chunks by the model loader");
        }
        float[] out = new float[(int) count];
        readFloats(name, 0, out, 0, (int) count);
        return out;
    }

    @Override
    public boolean readsRanges() {
        return true;
    }

    /** Converts from the mapping in slices of at most 256 MiB, so no huge temporary is ever needed. */
    @Override
    public void readFloats(String name, long offset, float[] out, int outOffset, int count) {
        Entry e = entry(name);
        if (offset < 0 || count < 0 || offset + count > e.info().elementCount()
                || outOffset < 0 || outOffset + count > out.length) {
            throw new IndexOutOfBoundsException("elements " + offset + "+" + count + " of '" + name + "' ("
                    + e.info().elementCount() + " elements) into an array of " + out.length + " from " + outOffset);
        }
        int elementBytes = e.info().dtype().bytes();
        int perSlice = (int) Math.max(1, (256L << 20) / elementBytes);
        long position = dataStart + e.begin() + offset * elementBytes;
        for (int done = 0; done < count; ) {
            int n = Math.min(perSlice, count - done);
            ByteBuffer bytes = file.range(position, n * elementBytes);
            FloatConversions.toFloats(bytes, e.info().dtype(), out, outOffset + done, n);
            done += n;
            position += (long) n * elementBytes;
        }
    }

    private Entry entry(String name) {
        if (closed) {
            throw new IllegalStateException("state dict of " + file.path() + " is closed");
        }
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException(file.path() + " has no tensor named '" + name + "'");
        }
        return e;
    }

    @Override
    public void close() {
        // mappings are released by the garbage collector; refuse further reads so a use-after-close is a bug report
        closed = true;
    }
}
