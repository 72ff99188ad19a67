package dev.autodistill4j.runtime.label;

import dev.autodistill4j.datasets.OutputFiles;
import dev.autodistill4j.datasets.Versions;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.LabelOutputFolder;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code run.json}: the provenance of a labelled dataset (model and checkpoint hash, ontology, threshold,
 * split, seed, versions) and its status. It is also the resume key: a run into an existing output folder
 * continues only when the settings that decide the labels are the same ({@link #RESUME_KEYS}).
 */
public final class RunRecord {
    public static final String FILE_NAME = LabelOutputFolder.RUN_JSON;
    /**
     * Settings that must match for a resume to be correct: everything that can change a label (provider options
     * such as prompt aggregation or templates included). Batch size, device and hard links may change.
     */
    static final List<String> RESUME_KEYS = List.of("input", "model", "checkpointSha256", "modelOptions", "ontology",
            "confidence", "split", "seed");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecord() {
    }

    /** A new record (status "running") — public so the Spark label job writes the same provenance. */
    public static Map<String, Object> create(LabelConfig config, ModelInfo info, Map<String, String> classFolders) {
        return create(config, info, classFolders, config.ontology());
    }

    /**
     * A new record for a run whose classes come from {@code ontology}: the config's, or the model's own when the
     * config has none (a trained target model).
     */
    public static Map<String, Object> create(LabelConfig config, ModelInfo info, Map<String, String> classFolders,
                                             Ontology ontology) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", LabelOutputFolder.TOOL);
        m.put("status", "running");
        m.put("started", Instant.now().toString());
        m.put("input", config.input().toString());
        m.put("output", config.output().toString());
        m.put("model", info.spec());
        m.put("checkpointSha256", info.checkpointSha256());
        m.put("modelOptions", new java.util.TreeMap<>(config.modelOptions()));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("provider", info.provider());
        model.put("reference", info.reference());
        model.put("checkpoint", info.checkpoint());
        model.put("checkpointSha256", info.checkpointSha256());
        model.put("license", info.license());
        model.put("details", info.details());
        model.put("device", config.device() == null ? null : config.device().toString());
        model.put("options", config.modelOptions());
        m.put("modelInfo", model);
        m.put("ontology", ontology.describe());
        m.put("classFolders", classFolders);
        m.put("confidence", config.confidence());
        m.put("split", split(config));
        m.put("seed", config.splitter().seed());
        m.put("batchSize", config.batchSize());
        m.put("hardLink", config.hardLink());
        m.put("maxPixels", config.maxPixels());
        m.put("versions", versions());
        return m;
    }

    private static Map<String, Object> split(LabelConfig config) {
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("train", config.splitter().train());
        split.put("valid", config.splitter().valid());
        split.put("test", config.splitter().test());
        return split;
    }

    /**
     * The first resume setting that differs and is known before the model loads (all but the model's identity,
     * and the ontology when the model brings its own), or null: so a run with changed settings is refused at
     * once instead of after loading the model.
     */
    static String mismatchBeforeLoading(Map<String, Object> earlier, LabelConfig config) {
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("input", config.input().toString());
        now.put("modelOptions", new java.util.TreeMap<>(config.modelOptions()));
        if (config.ontology() != null) {
            now.put("ontology", config.ontology().describe());
        }
        now.put("confidence", config.confidence());
        now.put("split", split(config));
        now.put("seed", config.splitter().seed());
        return mismatch(earlier, now, RESUME_KEYS.stream().filter(now::containsKey).toList());
    }

    static Map<String, Object> read(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new DatasetWriteException(file + " is not a readable run.json (" + e.getMessage()
                    + "): re-run with `overwrite` to start this output folder afresh", e);
        }
    }

    /** Written to a temporary name and renamed, so run.json is always complete. */
    static void write(Path file, Map<String, Object> record) {
        try {
            OutputFiles.replace(file, out -> MAPPER.writeValue(out, record)); // never through a link
        } catch (IOException e) {
            throw new DatasetWriteException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first setting that differs, as a message, or null when the earlier run can be resumed. */
    static String mismatch(Map<String, Object> earlier, Map<String, Object> now) {
        return mismatch(earlier, now, RESUME_KEYS);
    }

    private static String mismatch(Map<String, Object> earlier, Map<String, Object> now, List<String> keys) {
        for (String key : keys) {
            Object a = normalise(earlier.get(key));
            Object b = normalise(now.get(key));
            if (!Objects.equals(a, b)) {
                return key + " was " + earlier.get(key) + ", now " + now.get(key);
            }
        }
        return null;
    }

    private static Object normalise(Object v) {
        // JSON numbers come back as Integer/Double; compare numbers by value, maps by their JSON form
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), normalise(x)));
            return out;
        }
        return v;
    }

    static Map<String, String> versions() {
        return Versions.runtime();
    }
}
