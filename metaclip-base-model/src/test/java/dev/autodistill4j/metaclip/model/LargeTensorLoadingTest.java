package dev.autodistill4j.metaclip.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.autodistill4j.metaclip.checkpoint.SafetensorsReader;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real MetaCLIP 2 sizes: the H/14 token embedding is one 901,629 × 1024 F32 tensor (3.69 GB), larger than any
 * Java array or buffer. These tests prove the chunked path on synthetic (sparse) files: exact values across
 * chunk, mapping-window and 2 GiB boundaries, F16/BF16 converted on the way, and a heap far smaller than the
 * tensor.
 */
class LargeTensorLoadingTest {
    /** A tensor above 2 GiB: 524,800 × 1024 × 4 B = 2.15 GB. */
    private static final long ROWS_OVER_2GIB = 524_800;
    private static final int COLS = 1024;

    @TempDir
    Path tmp;

    @Test
    void aTensorLargerThan2GiBIsReadInRangesAtEveryBoundary() throws IOException {
        long[] rows = SparseSafetensors.interestingRows(ROWS_OVER_2GIB, COLS);
        assertThat(ROWS_OVER_2GIB * COLS * Float.BYTES).isGreaterThan(1L << 31);
        Path file = SparseSafetensors.write(tmp.resolve("big.safetensors"), "big", ROWS_OVER_2GIB, COLS, rows);
        try (StateDict weights = SafetensorsReader.open(file)) {
            assertThat(weights.readsRanges()).isTrue();
            float[] two = new float[2 * COLS];
            for (long r : rows) {
                weights.readFloats("big", r * COLS, two, 0, COLS);
                assertThat(two).startsWith(SparseSafetensors.row(r, COLS));
            }
            // one read straddling the 2 GiB mark (and the second mapping window's end): rows 524287 and 524288
            long r = (1L << 31) / (COLS * Float.BYTES) - 1;
            weights.readFloats("big", r * COLS, two, 0, 2 * COLS);
            assertThat(java.util.Arrays.copyOfRange(two, 0, COLS)).containsExactly(SparseSafetensors.row(r, COLS));
            assertThat(java.util.Arrays.copyOfRange(two, COLS, 2 * COLS))
                    .containsExactly(SparseSafetensors.row(r + 1, COLS));
            // an unwritten row is a hole: zeros
            weights.readFloats("big", 12345L * COLS, two, 0, COLS);
            assertThat(two[0]).isZero();
            assertThat(two[COLS - 1]).isZero();
        }
    }

    @Test
    void streamedLoadingEqualsWholeLoadingForEveryStoredType() throws IOException {
        Path file = mixedTypes(tmp.resolve("mixed.safetensors"));
        try (StateDict weights = SafetensorsReader.open(file);
             NDManager manager = NDManager.newBaseManager(Device.cpu(), ClipModel.ENGINE)) {
            WeightLoader whole = new WeightLoader(weights, manager, "whole");
            WeightLoader tiny = new WeightLoader(weights, manager, "chunked", 40); // 10 floats: 1 row per chunk
            for (String name : new String[]{"f32", "f16", "bf16"}) {
                NDArray a = whole.load(name, 37, 13);
                NDArray b = tiny.load(name, 37, 13);
                assertThat(b.toFloatArray()).as(name).containsExactly(weights.floats(name));
                assertThat(a.toFloatArray()).as(name).containsExactly(weights.floats(name));
            }
            // conversions: F16 0x3C00 = 1, BF16 0x3F80 = 1, at element 0
            assertThat(weights.floats("f16")[0]).isEqualTo(1f);
            assertThat(weights.floats("bf16")[0]).isEqualTo(1f);
            whole.verify();
            tiny.verify();
        }
    }

    @Test
    void aTensorFiveTimesTheHeapLoadsIntoNativeMemory() throws Exception {
        long rows = 80_000; // 80,000 x 1024 x 4 B = 328 MB, with a 64 MB heap
        Path file = SparseSafetensors.write(tmp.resolve("embed.safetensors"), "embed", rows, COLS,
                SparseSafetensors.interestingRows(rows, COLS));
        String out = runChild("-Xmx64m", file, rows);
        assertThat(out).contains("checked " + SparseSafetensors.interestingRows(rows, COLS).length + " rows");
    }

    /** The real H/14 size (3.69 GB of native memory): run with -Dautodistill4j.realSizeTensors=true. */
    @Test
    @EnabledIfSystemProperty(named = "autodistill4j.realSizeTensors", matches = "true")
    void metaclip2H14TokenEmbeddingLoadsWithASmallHeap() throws Exception {
        long rows = 901_629;
        Path file = SparseSafetensors.write(tmp.resolve("h14.safetensors"), "embed", rows, COLS,
                SparseSafetensors.interestingRows(rows, COLS));
        String out = runChild("-Xmx128m", file, rows);
        assertThat(out).contains("checked " + SparseSafetensors.interestingRows(rows, COLS).length + " rows");
    }

    private static String runChild(String heap, Path file, long rows) throws Exception {
        Path log = file.resolveSibling("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                LargeTensorChild.class.getName(), file.toString(), Long.toString(rows), Integer.toString(COLS))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = child.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly();
        }
        String out = Files.readString(log);
        System.out.println("child JVM " + heap + ": " + out.lines().filter(l -> l.startsWith("checked")).findFirst()
                .orElse(out));
        assertThat(exited).as(out).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }

    /** F32, F16 and BF16 tensors of shape [37, 13] with values i / 8 (exact in all three types). */
    private static Path mixedTypes(Path file) throws IOException {
        int n = 37 * 13;
        ByteBuffer data = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            data.putFloat(1 + (i % 64) / 8f);
        }
        for (int i = 0; i < n; i++) {
            data.putShort(half(1 + (i % 64) / 8f));
        }
        for (int i = 0; i < n; i++) {
            data.putShort((short) (Float.floatToIntBits(1 + (i % 64) / 8f) >>> 16));
        }
        String header = "{\"f32\":{\"dtype\":\"F32\",\"shape\":[37,13],\"data_offsets\":[0," + 4 * n + "]},"
                + "\"f16\":{\"dtype\":\"F16\",\"shape\":[37,13],\"data_offsets\":[" + 4 * n + "," + 6 * n + "]},"
                + "\"bf16\":{\"dtype\":\"BF16\",\"shape\":[37,13],\"data_offsets\":[" + 6 * n + "," + 8 * n + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + n * 8).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(data.array());
        return Files.write(file, out.array());
    }

    /** IEEE half bits of a normal float whose mantissa fits in 10 bits (all values used here). */
    private static short half(float v) {
        int f = Float.floatToIntBits(v);
        int exp = ((f >>> 23) & 0xFF) - 127 + 15;
        return (short) ((exp << 10) | ((f >>> 13) & 0x3FF));
    }
}
