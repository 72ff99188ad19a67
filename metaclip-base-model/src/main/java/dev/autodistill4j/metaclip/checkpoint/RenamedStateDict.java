package dev.autodistill4j.metaclip.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A view of another {@link StateDict} under new names, where a tensor may also be a transpose of a source
 * matrix or one third of a fused q/k/v projection. Nothing is converted until {@link #floats} is called, so a
 * converted checkpoint is never held twice.
 */
final class RenamedStateDict implements StateDict {

    /** How one exposed tensor is made from a source tensor. */
    enum Kind { COPY, TRANSPOSE, THIRD }

    /**
     * @param source name in the source state dict
     * @param part   for {@link Kind#THIRD}: 0 = q, 1 = k, 2 = v (rows {@code part·n/3 …})
     */
    record Mapping(String source, Kind kind, int part) {
        static Mapping copy(String source) {
            return new Mapping(source, Kind.COPY, 0);
        }
    }

    private final StateDict source;
    private final Map<String, Mapping> mappings;
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
    // a fused in_proj is read three times in a row (q, k, v): keep the last source read
    private String cachedSource;
    private float[] cachedValues;

    RenamedStateDict(StateDict source, Map<String, Mapping> mappings) {
        this.source = source;
        this.mappings = Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
        for (Map.Entry<String, Mapping> e : this.mappings.entrySet()) {
            TensorInfo src = source.info(e.getValue().source());
            long[] shape = src.shape();
            switch (e.getValue().kind()) {
                case TRANSPOSE -> shape = new long[]{shape[1], shape[0]};
                case THIRD -> shape[0] = shape[0] / 3;
                case COPY -> {
                }
            }
            infos.put(e.getKey(), new TensorInfo(e.getKey(), src.dtype(), shape));
        }
    }

    @Override
    public Set<String> names() {
        return mappings.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = infos.get(name);
        if (info == null) {
            throw new CheckpointException("checkpoint has no tensor named '" + name + "' (after renaming)");
        }
        return info;
    }

    @Override
    public float[] floats(String name) {
        TensorInfo info = info(name);
        Mapping m = mappings.get(name);
        return switch (m.kind()) {
            case COPY -> source.floats(m.source());
            case TRANSPOSE -> {
                float[] src = source.floats(m.source());
                int rows = (int) info.shape()[1];
                int cols = (int) info.shape()[0];
                float[] out = new float[src.length];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        out[c * rows + r] = src[r * cols + c];
                    }
                }
                yield out;
            }
            case THIRD -> {
                float[] src = sourceCached(m.source());
                int n = (int) info.elementCount();
                float[] out = new float[n];
                System.arraycopy(src, m.part() * n, out, 0, n);
                yield out;
            }
        };
    }

    @Override
    public boolean readsRanges() {
        return source.readsRanges();
    }

    /** Renamed-only tensors (the token embedding among them) are streamed from the source; others converted. */
    @Override
    public void readFloats(String name, long offset, float[] out, int outOffset, int count) {
        Mapping m = mappings.get(name);
        if (m != null && m.kind() == Kind.COPY) {
            source.readFloats(m.source(), offset, out, outOffset, count);
        } else {
            StateDict.super.readFloats(name, offset, out, outOffset, count);
        }
    }

    private synchronized float[] sourceCached(String name) {
        if (!name.equals(cachedSource)) {
            cachedValues = source.floats(name);
            cachedSource = name;
        }
        return cachedValues;
    }

    @Override
    public synchronized void close() {
        cachedValues = null;
        cachedSource = null;
        source.close();
    }
}
