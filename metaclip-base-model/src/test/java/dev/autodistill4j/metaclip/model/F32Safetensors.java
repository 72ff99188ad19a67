package dev.autodistill4j.metaclip.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import dev.autodistill4j.metaclip.checkpoint.TensorDType;
import dev.autodistill4j.metaclip.checkpoint.TensorInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Test-only reader for float32 safetensors files (the golden outputs and tiny checkpoints), so the network
 * tests do not depend on the production reader they are meant to be checked against independently.
 */
public final class F32Safetensors implements StateDict {
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
    private final Map<String, long[]> offsets = new LinkedHashMap<>();
    private final ByteBuffer data;

    public F32Safetensors(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(buf.getLong(0));
        JsonNode header = new ObjectMapper().readTree(new String(all, 8, headerLength, StandardCharsets.UTF_8));
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode shapeNode = e.getValue().get("shape");
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            TensorDType dtype = TensorDType.valueOf(e.getValue().get("dtype").asText());
            infos.put(e.getKey(), new TensorInfo(e.getKey(), dtype, shape));
            JsonNode off = e.getValue().get("data_offsets");
            offsets.put(e.getKey(), new long[] {off.get(0).asLong(), off.get(1).asLong()});
        }
        data = buf.position(8 + headerLength).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public Set<String> names() {
        return infos.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo i = infos.get(name);
        if (i == null) {
            throw new CheckpointException("no tensor " + name);
        }
        return i;
    }

    @Override
    public float[] floats(String name) {
        TensorInfo info = info(name);
        if (info.dtype() != TensorDType.F32) {
            throw new IllegalStateException("test reader handles F32 only: " + info);
        }
        long[] off = offsets.get(name);
        float[] out = new float[Math.toIntExact(info.elementCount())];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) off[0]).asFloatBuffer().get(out);
        return out;
    }

    /** Row {@code row} of a 2-D tensor. */
    public float[] row(String name, int row) {
        long[] shape = info(name).shape();
        int cols = (int) shape[1];
        float[] all = floats(name);
        float[] out = new float[cols];
        System.arraycopy(all, row * cols, out, 0, cols);
        return out;
    }

    @Override
    public void close() {
    }
}
