package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.runtime.config.ConfigException;
import dev.autodistill4j.runtime.config.SafeYaml;
import dev.autodistill4j.runtime.config.YamlNumber;
import dev.autodistill4j.runtime.image.ImageLimits;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.datasets.DatasetException;
import dev.autodistill4j.datasets.Splitter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one label() run needs, validated in one place ({@link Builder#build()}), whether it came from
 * code, a YAML config file ({@link Builder#fromYaml}) or CLI options (which override the file).
 *
 * @param model         {@code provider[:reference]}
 * @param modelOptions  provider-specific options
 * @param device        where the model runs; null = not given ({@link Device#CPU})
 * @param ontology      prompt → class; null when the model brings its own classes (a trained {@code target}
 *                      model), which {@link LabelRunner} then checks
 * @param input         folder of images (walked recursively)
 * @param output        dataset root to create or resume
 * @param confidence    keep classes with probability strictly above this (autodistill semantics)
 * @param splitter      train/valid/test ratios and seed
 * @param batchSize     images per model call
 * @param overwrite     start fresh, deleting a previous autodistill4j output in {@code output}
 * @param hardLink      hard-link images instead of copying
 * @param maxPixels     decoder limit: images whose header claims more pixels are refused unread
 * @param decodeThreads threads that hash and decode the next batch while the model works
 * @param extensions    file extensions to label (lower case, no dot), like autodistill's
 *                      {@code label(extension=...)}; empty: every image file
 */
public record LabelConfig(String model, Map<String, String> modelOptions, Device device, Ontology ontology,
                          Path input, Path output, double confidence, Splitter splitter, int batchSize,
                          boolean overwrite, boolean hardLink, long maxPixels, int decodeThreads,
                          Set<String> extensions) {
    public static final double DEFAULT_CONFIDENCE = 0.5;
    /** The lowest `confidence` (inclusive). */
    public static final double MIN_CONFIDENCE = 0;
    /**
     * Above every `confidence` (exclusive): classes strictly above it are kept, and no probability is above 1, so
     * 1 would keep nothing. Declared here once; the region labeller and the CLI's converter read it.
     */
    public static final double MAX_CONFIDENCE = 1;
    public static final String DEFAULT_SPLIT = "0.7,0.2,0.1";
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_BATCH = 16;
    public static final int MAX_BATCH = 4096;
    public static final int DEFAULT_DECODE_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private static final Set<String> KEYS = Set.of("model", "model_options", "device", "ontology", "input", "output",
            "confidence", "split", "seed", "batch", "batch_size", "overwrite", "hard_link", "max_pixels",
            "decode_threads", "extensions");

    public LabelConfig {
        modelOptions = Map.copyOf(modelOptions);
        extensions = extensions == null ? Set.of() : Set.copyOf(extensions);
    }

    /** Whether {@code file} is to be labelled under {@link #extensions}. */
    public boolean accepts(Path file) {
        if (extensions.isEmpty()) {
            return true;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && extensions.contains(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable collector; {@link #build()} checks every value and names the offending key. */
    public static final class Builder {
        private String model = "metaclip";
        private final Map<String, String> modelOptions = new LinkedHashMap<>();
        private Device device;
        private Ontology ontology;
        private Path input;
        private Path output;
        private double confidence = DEFAULT_CONFIDENCE;
        private String split = DEFAULT_SPLIT;
        private long seed = DEFAULT_SEED;
        private int batchSize = DEFAULT_BATCH;
        private boolean overwrite;
        private boolean hardLink;
        private long maxPixels = ImageLimits.DEFAULT_MAX_PIXELS;
        private int decodeThreads = DEFAULT_DECODE_THREADS;
        private final java.util.Set<String> extensions = new java.util.TreeSet<>();

        private Builder() {
        }

        /**
         * Reads a YAML config (safe loading only). Keys: model, model_options, device, ontology (a mapping),
         * input, output, confidence, split ("0.7,0.2,0.1" or a list), seed, batch, overwrite, hard_link,
         * max_pixels, decode_threads. Unknown keys are an error so a typo is not silently ignored. Relative
         * paths are resolved against the config file's folder.
         */
        public Builder fromYaml(Path file) {
            Object doc = SafeYaml.load(file);
            if (!(doc instanceof Map<?, ?> map)) {
                throw new ConfigException(file + " is not a YAML mapping of settings (model:, ontology:, …)");
            }
            for (Object key : map.keySet()) {
                if (!KEYS.contains(String.valueOf(key))) {
                    throw new ConfigException(file + ": unknown key '" + key + "'; known keys: " + KEYS);
                }
            }
            Path base = file.toAbsolutePath().getParent();
            String src = file.toString();
            if (map.containsKey("model")) {
                model = string(map.get("model"), src, "model");
            }
            if (map.get("model_options") instanceof Map<?, ?> opts) {
                opts.forEach((k, v) -> modelOptions.put(String.valueOf(k), String.valueOf(v)));
            } else if (map.containsKey("model_options")) {
                throw new ConfigException(src + ": model_options must be a mapping");
            }
            if (map.containsKey("device")) {
                device = Device.parse(string(map.get("device"), src, "device"));
            }
            Object onto = map.get("ontology");
            if (onto instanceof String ref) {
                ontology = OntologyLoader.loadAny(base.resolve(ref));
            } else if (onto instanceof Map<?, ?> mapping) {
                ontology = OntologyLoader.fromDocumentAny(mapping, src + " (ontology:)", base);
            } else if (onto != null) {
                throw new ConfigException(src + ": ontology: must be a mapping prompt: class, or the path of a "
                        + "YAML file holding one");
            }
            if (map.containsKey("input")) {
                input = base.resolve(string(map.get("input"), src, "input"));
            }
            if (map.containsKey("output")) {
                output = base.resolve(string(map.get("output"), src, "output"));
            }
            if (map.containsKey("confidence")) {
                confidence = number(map.get("confidence"), src, "confidence").doubleValue();
            }
            if (map.get("split") instanceof List<?> list) {
                split = String.join(",", list.stream().map(String::valueOf).toList());
            } else if (map.containsKey("split")) {
                split = String.valueOf(map.get("split"));
            }
            if (map.containsKey("seed")) {
                seed = whole(map.get("seed"), src, "seed");
            }
            Object batch = map.containsKey("batch") ? map.get("batch") : map.get("batch_size");
            if (batch != null) {
                batchSize = clampToInt(whole(batch, src, "batch"));
            }
            if (map.containsKey("overwrite")) {
                overwrite = bool(map.get("overwrite"), src, "overwrite");
            }
            if (map.containsKey("hard_link")) {
                hardLink = bool(map.get("hard_link"), src, "hard_link");
            }
            if (map.containsKey("max_pixels")) {
                maxPixels = whole(map.get("max_pixels"), src, "max_pixels");
            }
            if (map.get("extensions") instanceof List<?> list) {
                list.forEach(e -> extensions.add(String.valueOf(e)));
            } else if (map.containsKey("extensions")) {
                extensions.add(string(map.get("extensions"), src, "extensions"));
            }
            if (map.containsKey("decode_threads")) {
                decodeThreads = clampToInt(whole(map.get("decode_threads"), src, "decode_threads"));
            }
            return this;
        }

        public Builder model(String v) { model = v; return this; }
        public Builder modelOptions(Map<String, String> v) { modelOptions.putAll(v); return this; }
        public Builder device(Device v) { device = v; return this; }
        public Builder ontology(Ontology v) { ontology = v; return this; }
        public Builder ontologyFile(Path v) { ontology = OntologyLoader.loadAny(v); return this; }
        public Builder input(Path v) { input = v; return this; }
        public Builder output(Path v) { output = v; return this; }
        public Builder confidence(double v) { confidence = v; return this; }
        public Builder split(String v) { split = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder overwrite(boolean v) { overwrite = v; return this; }
        public Builder hardLink(boolean v) { hardLink = v; return this; }
        public Builder maxPixels(long v) { maxPixels = v; return this; }
        public Builder decodeThreads(int v) { decodeThreads = v; return this; }
        /** Label only files with these extensions ({@code ".jpg"} or {@code "jpg"}, any case). */
        public Builder extensions(java.util.Collection<String> v) { extensions.addAll(v); return this; }

        public LabelConfig build() {
            if (model == null || model.isBlank()) {
                throw new ConfigException("no model: pass `model` provider[:reference] or set model: in the config");
            }
            if (input == null) {
                throw new ConfigException("no input folder: pass `input` DIR");
            }
            if (output == null) {
                throw new ConfigException("no output folder: pass `output` DIR");
            }
            if (!(confidence >= MIN_CONFIDENCE && confidence < MAX_CONFIDENCE)) {
                throw new ConfigException("confidence " + confidence + " must be in [0, 1): classes with a "
                        + "probability strictly above it are kept");
            }
            if (batchSize < 1 || batchSize > MAX_BATCH) {
                throw new ConfigException("batch " + batchSize + " must be between 1 and " + MAX_BATCH);
            }
            if (decodeThreads < 1 || decodeThreads > 256) {
                throw new ConfigException("decode_threads " + decodeThreads + " must be between 1 and 256");
            }
            if (maxPixels < 1) {
                throw new ConfigException("max_pixels " + maxPixels + " must be positive");
            }
            Set<String> exts = new java.util.TreeSet<>();
            for (String e : extensions) {
                String x = e == null ? "" : e.strip().toLowerCase(java.util.Locale.ROOT);
                x = x.startsWith(".") ? x.substring(1) : x;
                if (x.isEmpty() || x.contains("/") || x.contains("\\") || x.contains(".")) {
                    throw new ConfigException("extension '" + e + "' is not a file extension: give e.g. `extension` "
                            + "jpg (or .jpg)");
                }
                exts.add(x);
            }
            Splitter splitter;
            try {
                splitter = Splitter.parse(split, seed);
            } catch (DatasetException e) {
                throw new ConfigException(e.getMessage(), e);
            }
            Path in = input.toAbsolutePath().normalize();
            Path out = output.toAbsolutePath().normalize();
            if (in.startsWith(out)) {
                throw new ConfigException("the output folder " + out + " contains the input folder " + in
                        + ": choose an output folder outside the input");
            }
            return new LabelConfig(model.strip(), modelOptions, device, ontology, in, out, confidence, splitter,
                    batchSize, overwrite, hardLink, maxPixels, decodeThreads, exts);
        }

        private static String string(Object v, String src, String key) {
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
            throw new ConfigException(src + ": " + key + " must be a non-empty string");
        }

        private static Number number(Object v, String src, String key) {
            if (v instanceof Number n) {
                return n;
            }
            throw new ConfigException(src + ": " + key + " must be a number, not '" + v + "'");
        }

        /**
         * A whole number as written: {@code batch: 16.7} or {@code seed: 1e3} would otherwise be truncated
         * silently, and a value beyond 64 bits wrapped around.
         */
        private static long whole(Object v, String src, String key) {
            Number n = number(v, src, key);
            Object raw = n instanceof YamlNumber y ? y.value() : n;
            if (!(raw instanceof Integer || raw instanceof Long)) {
                throw new ConfigException(src + ": " + key + " must be a whole number, not '" + v + "'");
            }
            return n.longValue();
        }

        /** Keeps an out-of-int-range value out of range (instead of wrapping) for the range checks in build(). */
        private static int clampToInt(long v) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }

        private static boolean bool(Object v, String src, String key) {
            if (v instanceof Boolean b) {
                return b;
            }
            throw new ConfigException(src + ": " + key + " must be true or false, not '" + v + "'");
        }
    }
}
