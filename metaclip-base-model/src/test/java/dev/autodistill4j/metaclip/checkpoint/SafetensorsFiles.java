package dev.autodistill4j.metaclip.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes small safetensors files in tests, so hostile variants can be crafted byte by byte. */
final class SafetensorsFiles {
    private SafetensorsFiles() {
    }

    /** A well-formed F32 file holding {@code tensors} (name → shape + values). */
    static Path writeF32(Path file, Map<String, long[]> shapes, Map<String, float[]> values) throws IOException {
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            float[] v = values.get(e.getKey());
            long begin = data.size();
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) {
                b.putFloat(f);
            }
            data.write(b.array());
            header.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(shapeJson(e.getValue())).append(",\"data_offsets\":[").append(begin).append(',')
                    .append(data.size()).append("]}");
        }
        header.append('}');
        return write(file, header.toString(), data.toByteArray());
    }

    /** Raw file: header JSON then data bytes. */
    static Path write(Path file, String headerJson, byte[] data) throws IOException {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(data);
        Files.write(file, out.array());
        return file;
    }

    static String shapeJson(long[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return s.append(']').toString();
    }

    /** Copies every tensor of {@code source} into a new F32 file, letting {@code edit} change names/shapes/values. */
    static Path rewrite(StateDict source, Path file, java.util.function.BiConsumer<Map<String, long[]>,
            Map<String, float[]>> edit) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : source.names()) {
            shapes.put(name, source.info(name).shape());
            values.put(name, source.floats(name));
        }
        edit.accept(shapes, values);
        return writeF32(file, shapes, values);
    }
}
