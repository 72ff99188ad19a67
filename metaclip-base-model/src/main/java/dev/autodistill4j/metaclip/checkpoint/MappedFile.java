package dev.autodistill4j.metaclip.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only memory mapping of a whole file, of any size.
 *
 * <p>One {@link MappedByteBuffer} addresses at most 2 GiB, and real checkpoints (ViT-H/14: 3.9 GB) are larger,
 * so the file is mapped as consecutive windows. A range inside one window is returned as a slice (no copy);
 * a range that straddles two windows is gathered into a heap buffer.
 */
final class MappedFile {
    /** Window size; package-private so a test can force ranges across windows on a small file. */
    static final long DEFAULT_WINDOW = 1L << 30;

    private final Path path;
    private final long size;
    private final long window;
    private final MappedByteBuffer[] windows;

    MappedFile(Path path) throws IOException {
        this(path, DEFAULT_WINDOW);
    }

    MappedFile(Path path, long window) throws IOException {
        this.path = path;
        this.window = window;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            this.size = channel.size();
            int count = (int) ((size + window - 1) / window);
            this.windows = new MappedByteBuffer[count];
            for (int i = 0; i < count; i++) {
                long start = i * window;
                windows[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(window, size - start));
            }
        }
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    /** Bytes {@code [offset, offset + length)} of the file; the caller has checked the range. */
    ByteBuffer range(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + path
                    + " (" + size + " bytes)");
        }
        int first = (int) (offset / window);
        long inFirst = offset - first * window;
        if (length == 0 || inFirst + length <= windows[first].capacity()) {
            return windows[first].slice((int) inFirst, length);
        }
        byte[] gathered = new byte[length];
        int done = 0;
        long position = offset;
        while (done < length) {
            int w = (int) (position / window);
            int in = (int) (position - w * window);
            int n = Math.min(length - done, windows[w].capacity() - in);
            windows[w].get(in, gathered, done, n);
            done += n;
            position += n;
        }
        return ByteBuffer.wrap(gathered);
    }
}
