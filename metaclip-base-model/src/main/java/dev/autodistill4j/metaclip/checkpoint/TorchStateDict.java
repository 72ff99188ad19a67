package dev.autodistill4j.metaclip.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Tensors of a {@code torch.save} archive, read from their storage entries on demand. A tensor is a strided
 * view (offset, size, stride) of its storage; contiguous views are converted directly, others are gathered.
 */
final class TorchStateDict implements StateDict {
    private final Path file;
    private final ZipFile zip;
    private final String dataPrefix;
    private final Map<String, RestrictedUnpickler.TensorRef> tensors;
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();

    TorchStateDict(Path file, ZipFile zip, String dataPrefix, Map<String, RestrictedUnpickler.TensorRef> tensors) {
        this.file = file;
        this.zip = zip;
        this.dataPrefix = dataPrefix;
        this.tensors = Collections.unmodifiableMap(tensors);
        for (Map.Entry<String, RestrictedUnpickler.TensorRef> e : tensors.entrySet()) {
            RestrictedUnpickler.TensorRef t = e.getValue();
            TensorInfo info = new TensorInfo(e.getKey(), t.storage().dtype(), t.size());
            check(e.getKey(), t, info);
            infos.put(e.getKey(), info);
        }
    }

    /** Every element a view can reach must lie inside its storage, and the storage inside the archive. */
    private void check(String name, RestrictedUnpickler.TensorRef t, TensorInfo info) {
        ZipEntry entry = zip.getEntry(dataPrefix + t.storage().key());
        if (entry == null) {
            throw corrupt(name, "its storage " + dataPrefix + t.storage().key() + " is missing from the archive");
        }
        long storageBytes = t.storage().numel() * t.storage().dtype().bytes();
        if (entry.getSize() >= 0 && entry.getSize() != storageBytes) {
            throw corrupt(name, "its storage holds " + entry.getSize() + " bytes but should hold " + storageBytes);
        }
        long last = t.offset();
        for (int i = 0; i < t.size().length; i++) {
            if (t.size()[i] < 0 || t.stride()[i] < 0) {
                throw corrupt(name, "it has a negative size or stride");
            }
            if (t.size()[i] == 0) {
                return;
            }
            last += (t.size()[i] - 1) * t.stride()[i];
        }
        if (t.offset() < 0 || last >= t.storage().numel()) {
            throw corrupt(name, "its view (offset " + t.offset() + ", shape " + info.shapeString()
                    + ") reaches element " + last + " of a storage with " + t.storage().numel());
        }
    }

    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = infos.get(name);
        if (info == null) {
            throw new CheckpointException(file + " has no tensor named '" + name + "'");
        }
        return info;
    }

    @Override
    public float[] floats(String name) {
        TensorInfo info = info(name);
        RestrictedUnpickler.TensorRef t = tensors.get(name);
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file + ": tensor '" + name + "' is too large for a Java array");
        }
        int eb = info.dtype().bytes();
        float[] out = new float[(int) count];
        if (count == 0) {
            return out;
        }
        if (isContiguous(t)) {
            byte[] bytes = readStorage(name, t.storage(), t.offset() * eb, (int) (count * eb));
            FloatConversions.toFloats(ByteBuffer.wrap(bytes), info.dtype(), out, 0, (int) count);
            return out;
        }
        // non-contiguous view: read the reachable span, then gather element by element in row-major order
        long span = spanElements(t);
        byte[] bytes = readStorage(name, t.storage(), t.offset() * eb, (int) (span * eb));
        float[] all = new float[(int) span];
        FloatConversions.toFloats(ByteBuffer.wrap(bytes), info.dtype(), all, 0, (int) span);
        long[] size = t.size();
        long[] index = new long[size.length];
        for (int i = 0; i < count; i++) {
            long at = 0;
            for (int d = 0; d < size.length; d++) {
                at += index[d] * t.stride()[d];
            }
            out[i] = all[(int) at];
            for (int d = size.length - 1; d >= 0; d--) {
                if (++index[d] < size[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    private static boolean isContiguous(RestrictedUnpickler.TensorRef t) {
        long expected = 1;
        for (int d = t.size().length - 1; d >= 0; d--) {
            if (t.size()[d] != 1 && t.stride()[d] != expected) {
                return false;
            }
            expected *= t.size()[d];
        }
        return true;
    }

    private static long spanElements(RestrictedUnpickler.TensorRef t) {
        long last = 0;
        for (int d = 0; d < t.size().length; d++) {
            last += (t.size()[d] - 1) * t.stride()[d];
        }
        return last + 1;
    }

    private byte[] readStorage(String name, RestrictedUnpickler.StorageRef storage, long skip, int length) {
        ZipEntry entry = zip.getEntry(dataPrefix + storage.key());
        try (InputStream in = zip.getInputStream(entry)) {
            in.skipNBytes(skip);
            byte[] b = in.readNBytes(length);
            if (b.length != length) {
                throw corrupt(name, "its storage ends early");
            }
            return b;
        } catch (IOException e) {
            throw corrupt(name, "its storage cannot be read (" + e.getMessage() + ")");
        } catch (IllegalStateException e) {
            throw new IllegalStateException("state dict of " + file + " is closed", e);
        }
    }

    private CheckpointException corrupt(String tensor, String problem) {
        return new CheckpointException("checkpoint " + file + " is corrupt or truncated: tensor '" + tensor + "': "
                + problem + ". Download it again.");
    }

    @Override
    public void close() {
        TorchCheckpointReader.closeQuietly(zip);
    }
}
