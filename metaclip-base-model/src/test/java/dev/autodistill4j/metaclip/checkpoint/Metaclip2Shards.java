package dev.autodistill4j.metaclip.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the MetaCLIP 2 fixture's weights as two shards plus {@code model.safetensors.index.json}. */
public final class Metaclip2Shards {
    public static final String FIRST = "model-00001-of-00002.safetensors";
    public static final String SECOND = "model-00002-of-00002.safetensors";

    private Metaclip2Shards() {
    }

    /** Splits {@code weights} (the fixture's model.safetensors) into {@code dir}; returns the weight map. */
    public static Map<String, String> write(Path weights, Path dir) throws IOException {
        Map<String, String> weightMap = new LinkedHashMap<>();
        try (StateDict whole = SafetensorsReader.open(weights)) {
            List<String> names = new ArrayList<>(whole.names());
            Map<String, long[]> shapes1 = new LinkedHashMap<>();
            Map<String, float[]> values1 = new LinkedHashMap<>();
            Map<String, long[]> shapes2 = new LinkedHashMap<>();
            Map<String, float[]> values2 = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                boolean first = i < names.size() / 2;
                (first ? shapes1 : shapes2).put(n, whole.info(n).shape());
                (first ? values1 : values2).put(n, whole.floats(n));
                weightMap.put(n, first ? FIRST : SECOND);
            }
            SafetensorsFiles.writeF32(dir.resolve(FIRST), shapes1, values1);
            SafetensorsFiles.writeF32(dir.resolve(SECOND), shapes2, values2);
        }
        new ObjectMapper().writeValue(dir.resolve("model.safetensors.index.json").toFile(),
                Map.of("metadata", Map.of("total_size", 0), "weight_map", weightMap));
        return weightMap;
    }
}
