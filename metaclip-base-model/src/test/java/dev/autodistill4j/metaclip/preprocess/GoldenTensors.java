package dev.autodistill4j.metaclip.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads F32 tensors from the golden safetensors file (test scope only: 8-byte little-endian header length,
 * JSON header with dtype/shape/data_offsets, raw little-endian data).
 */
final class GoldenTensors {
    private final ByteBuffer data;
    private final JsonNode header;
    private final long dataStart;

    GoldenTensors(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = bb.getLong(0);
        header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        dataStart = 8 + n;
        data = bb;
    }

    float[] f32(String name) {
        JsonNode t = header.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name + " in golden file");
        }
        if (!"F32".equals(t.get("dtype").asText())) {
            throw new IllegalArgumentException(name + " is not F32");
        }
        long begin = t.get("data_offsets").get(0).asLong();
        long end = t.get("data_offsets").get(1).asLong();
        float[] out = new float[(int) ((end - begin) / 4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.getFloat((int) (dataStart + begin + 4L * i));
        }
        return out;
    }
}
