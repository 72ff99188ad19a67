package dev.autodistill4j.metaclip.checkpoint;

import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryTensorOfTheHuggingFaceFixture() {
        Path file = Fixtures.resolve("clip/tiny-clip/model.safetensors");
        try (StateDict sd = SafetensorsReader.open(file)) {
            assertThat(sd.names()).hasSize(78).contains("logit_scale", "visual_projection.weight");
            assertThat(sd.info("vision_model.embeddings.patch_embedding.weight").shape())
                    .containsExactly(128, 3, 16, 16);
            assertThat(sd.info("logit_scale").shape()).isEmpty();
            // the fixture's logit_scale is ln(100)
            assertThat((double) sd.floats("logit_scale")[0]).isCloseTo(Math.log(100), org.assertj.core.data.Offset.offset(1e-6));
            for (String name : sd.names()) {
                assertThat(sd.floats(name)).hasSize((int) sd.info(name).elementCount());
            }
        }
    }

    @Test
    void readsValuesExactlyAndAcrossMappingWindows() throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        float[] a = new float[37];
        float[] b = new float[101];
        for (int i = 0; i < a.length; i++) {
            a[i] = i * 0.25f - 3;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) Math.sin(i);
        }
        shapes.put("a", new long[]{37});
        values.put("a", a);
        shapes.put("b", new long[]{1, 101});
        values.put("b", b);
        Path file = SafetensorsFiles.writeF32(dir.resolve("x.safetensors"), shapes, values);
        // a 64-byte window forces every tensor to straddle several mappings
        try (StateDict sd = SafetensorsReader.open(file, 64)) {
            assertThat(sd.floats("a")).containsExactly(a);
            assertThat(sd.floats("b")).containsExactly(b);
            assertThat(sd.names()).containsExactly("a", "b");
        }
    }

    @Test
    void mapsFilesLargerThan2GiB() throws IOException {
        // a sparse 2.25 GiB file: a zero U8 padding tensor, then a small F32 tensor straddling the 2 GiB mark
        float[] values = {1.25f, -7f, 3e-3f, 42f, 0.5f, -0.25f, 9f, 1e6f};
        int headerLength = bigHeader(2_000_000_000L).length; // same digit count as the real pad below
        long pad = (2L << 30) - 16 - 8 - headerLength; // w starts 16 bytes before 2 GiB: it straddles two mappings
        byte[] h = bigHeader(pad);
        assertThat(h).hasSize(headerLength);
        Path file = dir.resolve("big.safetensors");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            ByteBuffer head = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h);
            raf.write(head.array());
            raf.seek(8 + h.length + pad);
            ByteBuffer data = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                data.putFloat(v);
            }
            raf.write(data.array());
            raf.setLength(9L << 28); // 2.25 GiB
            // the trailing bytes are not part of any tensor: allowed (the reader does not demand a dense file)
        }
        try (StateDict sd = SafetensorsReader.open(file)) {
            assertThat(sd.info("pad").elementCount()).isEqualTo(pad);
            assertThat(sd.floats("w")).containsExactly(values);
        } finally {
            Files.delete(file);
        }
    }

    private static byte[] bigHeader(long pad) {
        return ("{\"pad\":{\"dtype\":\"U8\",\"shape\":[" + pad + "],\"data_offsets\":[0," + pad + "]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[" + pad + "," + (pad + 32) + "]}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void convertsHalfAndBfloat16() throws IOException {
        short[] halves = {0x3c00, (short) 0xc000, 0x7bff, 0x0001, (short) 0x8000, 0x7c00, 0x3555};
        float[] expected = {1f, -2f, 65504f, 5.9604645e-8f, -0f, Float.POSITIVE_INFINITY, 0.33325195f};
        ByteBuffer data = ByteBuffer.allocate(halves.length * 2 + 4).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : halves) {
            data.putShort(h);
        }
        data.putShort((short) 0x3f80).putShort((short) 0xc0a0); // bf16 1.0, -5.0
        int hb = halves.length * 2;
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[" + halves.length + "],\"data_offsets\":[0," + hb
                + "]},\"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[" + hb + "," + (hb + 4) + "]}}";
        Path file = SafetensorsFiles.write(dir.resolve("h.safetensors"), header, data.array());
        try (StateDict sd = SafetensorsReader.open(file)) {
            assertThat(sd.floats("h")).containsExactly(expected);
            assertThat(sd.floats("bf")).containsExactly(1f, -5f);
        }
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = FloatConversions.halfToFloat((short) bits);
            if (!Float.isNaN(f)) {
                // round trip through the JDK's float → half conversion path via double arithmetic
                assertThat(halfBits(f)).as("half 0x%04x", bits).isEqualTo(bits);
            }
        }
    }

    /** Reference float → half for exactly representable values (test only). */
    private static int halfBits(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        float abs = Math.abs(f);
        if (Float.isInfinite(f)) {
            return sign | 0x7c00;
        }
        if (abs < 0x1p-14f) {
            return sign | Math.round(abs / 0x1p-24f);
        }
        int exp = Math.getExponent(abs);
        int mant = Math.round((abs / (float) Math.pow(2, exp) - 1) * 1024);
        return sign | ((exp + 15) << 10) | mant;
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path good = Fixtures.resolve("clip/tiny-clip/model.safetensors");
        Path truncated = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(good);
        Files.write(truncated, Arrays.copyOf(all, all.length - 1000));
        assertThatThrownBy(() -> SafetensorsReader.open(truncated))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(truncated.toString())
                .hasMessageContaining("corrupt or truncated")
                .hasMessageContaining("download it again")
                .hasMessageContaining("tensor 'text_projection.weight' occupies data bytes");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[]{1, 2, 3});
        assertThatThrownBy(() -> SafetensorsReader.open(tiny)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("shorter than the 8-byte header length");
        Path headerCut = dir.resolve("cut.safetensors");
        Files.write(headerCut, Arrays.copyOf(all, 100));
        assertThatThrownBy(() -> SafetensorsReader.open(headerCut)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("header length field");
    }

    @Test
    void refusesOffsetsPastTheEnd() throws IOException {
        Path file = SafetensorsFiles.write(dir.resolve("past.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", new byte[16]);
        assertThatThrownBy(() -> SafetensorsReader.open(file)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'w'").hasMessageContaining("data area holds only 16 bytes");
    }

    @Test
    void refusesOverlappingTensors() throws IOException {
        Path file = SafetensorsFiles.write(dir.resolve("overlap.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertThatThrownBy(() -> SafetensorsReader.open(file)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'a'").hasMessageContaining("'b'").hasMessageContaining("overlap");
    }

    @Test
    void refusesSizeNotMatchingShapeUnknownDtypeAndBadJson() throws IOException {
        Path size = SafetensorsFiles.write(dir.resolve("size.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
        assertThatThrownBy(() -> SafetensorsReader.open(size)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'a' is F32[3] = 12 bytes but its data_offsets span 8 bytes");
        Path dtype = SafetensorsFiles.write(dir.resolve("dtype.safetensors"),
                "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}", new byte[8]);
        assertThatThrownBy(() -> SafetensorsReader.open(dtype)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'a'").hasMessageContaining("F8_E4M3");
        Path json = SafetensorsFiles.write(dir.resolve("json.safetensors"), "{\"a\":", new byte[0]);
        assertThatThrownBy(() -> SafetensorsReader.open(json)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SafetensorsReader.open(dir.resolve("missing.safetensors")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("does not exist");
    }
}
