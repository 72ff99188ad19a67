package dev.autodistill4j.metaclip.model;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a safetensors file holding one F32 {@code [rows, cols]} tensor as a sparse file: only the header and
 * the chosen rows are written, the rest is a hole that reads as zeros. So a tensor of several GB costs a few
 * KB of disk and no time to create.
 */
final class SparseSafetensors {
    private SparseSafetensors() {
    }

    /** A deterministic, non-zero row: {@code row * 0.001 + col * 1e-6 + 1}. */
    static float[] row(long row, int cols) {
        float[] v = new float[cols];
        for (int c = 0; c < cols; c++) {
            v[c] = (float) (row * 0.001 + c * 1e-6 + 1);
        }
        return v;
    }

    /** Writes {@code name} of shape {@code [rows, cols]}; rows listed in {@code written} hold {@link #row}. */
    static Path write(Path file, String name, long rows, int cols, long... written) throws IOException {
        long bytes = rows * cols * Float.BYTES;
        String json = "{\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" + rows + "," + cols
                + "],\"data_offsets\":[0," + bytes + "]}}";
        StringBuilder header = new StringBuilder(json);
        while (header.length() % 8 != 0) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + h.length;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(dataStart + bytes);
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
            raf.write(len.array());
            raf.write(h);
            for (long r : written) {
                ByteBuffer b = ByteBuffer.allocate(cols * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : row(r, cols)) {
                    b.putFloat(f);
                }
                raf.seek(dataStart + r * cols * Float.BYTES);
                raf.write(b.array());
            }
        }
        return file;
    }

    /** The rows a test writes and checks: first, last, and those around each 1 GiB mapping window and 2 GiB. */
    static long[] interestingRows(long rows, int cols) {
        long rowBytes = (long) cols * Float.BYTES;
        java.util.TreeSet<Long> out = new java.util.TreeSet<>(java.util.List.of(0L, 1L, rows - 1));
        for (long mark = 1L << 30; mark < rows * rowBytes; mark += 1L << 30) {
            long r = mark / rowBytes;
            for (long d = -1; d <= 1; d++) {
                if (r + d >= 0 && r + d < rows) {
                    out.add(r + d);
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
