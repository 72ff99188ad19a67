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
                    + " elements, more than a Java array holds");
        }
        float[] out = new float[(int) count];
        // convert in slices of at most 256 MiB so one huge tensor never needs one huge temporary
        int elementBytes = e.info().dtype().bytes();
        int perSlice = (int) Math.max(1, (256L << 20) / elementBytes);
        long position = dataStart + e.begin();
        for (int done = 0; done < count; ) {
            int n = (int) Math.min(perSlice, count - done);
            ByteBuffer bytes = file.range(position, n * elementBytes);
            FloatConversions.toFloats(bytes, e.info().dtype(), out, done, n);
            done += n;
            position += (long) n * elementBytes;
        }
        return out;
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
