package dev.autodistill4j.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.model.Engine;
import dev.autodistill4j.onnx.engine.ExportCache;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For {@code models}: the engines {@code --model metaclip:…} runs on, and the ONNX exports already in the model
 * cache (which checkpoint, which precision), so a user sees what {@code --engine} will reuse.
 */
public final class EngineListing {
    private EngineListing() {
    }

    /** {@code engines} (id → what runs it) and {@code cachedExports} (one entry per trusted export). */
    public static Map<String, Object> describe() {
        Map<String, Object> engines = new LinkedHashMap<>();
        engines.put(Engine.PYTORCH.id(), "DJL PyTorch float32 (default; GPUs and training)");
        engines.put(Engine.ONNX.id(), "ONNX Runtime on an fp32 export (made once into the cache; same results)");
        engines.put(Engine.ONNX_INT8.id(), "ONNX Runtime on an int8 export (fastest; checked against fp32 on the "
                + "input first)");
        ExportCache cache = ExportCache.fromEnvironment();
        List<Map<String, Object>> exports = new ArrayList<>();
        for (Path entry : cache.entries()) {
            exports.add(export(entry));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engines", engines);
        m.put("exportCache", cache.root().toString());
        m.put("cachedExports", exports);
        return m;
    }

    private static Map<String, Object> export(Path entry) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("folder", entry.toString());
        try {
            JsonNode marker = new ObjectMapper().readTree(entry.resolve(ExportCache.MARKER).toFile());
            e.put("precision", marker.path("precision").asText());
            e.put("checkpointSha256", marker.path("checkpoint_sha256").asText());
            e.put("firstReference", marker.path("first_reference").asText());
            e.put("exporterVersion", marker.path("exporter_version").asInt());
        } catch (IOException ex) {
            e.put("problem", "unreadable marker: " + ex.getMessage());
        }
        return e;
    }
}
