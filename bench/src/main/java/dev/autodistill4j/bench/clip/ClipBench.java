package dev.autodistill4j.bench.clip;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.metaclip.MetaclipProvider;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.model.ClipModel;
import dev.autodistill4j.metaclip.model.RandomStateDict;
import dev.autodistill4j.metaclip.model.StandardArchitectures;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.onnx.OnnxProvider;
import dev.autodistill4j.onnx.export.Precision;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code bench} run: how fast CLIP networks embed images and texts here, one result row per measurement.
 *
 * <p>Without models it builds a randomly initialised network of {@link Config#architecture} (ViT-B/32 by
 * default), so the number needs no download and compares directly with the reference PyTorch run on the same
 * shape. {@link Config#onnx} adds the same weights exported to ONNX (fp32, int8) on ONNX Runtime; several models
 * are measured one after the other in one process, and each one's rates are reported as ratios to the first.
 *
 * <p>Rows are insertion-ordered maps whose keys are the JSON field names {@code bench} prints: a {@code setup}
 * row per model ({@code bench, model, engine, device, image_size, family, cores, intra_op_threads,
 * inter_op_threads, java, cpu}), a row per measurement ({@link MeasurementRows}) and a {@code ratio} row per
 * model after the first ({@code bench, model, reference, per_second_ratio}). With {@link Config#students} the run
 * is {@link StudentBench}'s instead, whose rows {@link StudentRows} describes.
 */
public final class ClipBench {

    /**
     * What to measure.
     *
     * @param architecture   random model shape when {@code models} is empty: {@code vit-b-32} or {@code tiny}
     * @param models         {@code provider:reference} specs to measure instead (metaclip or onnx), in order
     * @param onnx           also export the first model (or the random one) to ONNX fp32 and int8 and measure both
     * @param onnxSpin       with {@code onnx}: also measure each export with ONNX Runtime's threads spin-waiting
     * @param students       compare the teacher with a student of every shape instead ({@link StudentBench}):
     *                       end-to-end images per second, parameters and size on disk, with ratios to the teacher
     * @param device         where to run; null = CPU
     * @param batches        batch sizes, each measured
     * @param images         items timed per measurement
     * @param threads        PyTorch and ONNX Runtime intra-op threads; null = the number of cores
     * @param interopThreads PyTorch inter-op threads
     * @param workers        threads decoding and preprocessing JPEGs; null = half the cores, at least 1
     */
    public record Config(String architecture, List<String> models, boolean onnx, boolean onnxSpin, boolean students,
                         Device device, List<Integer> batches, int images, Integer threads, int interopThreads,
                         Integer workers) {
        public Config {
            models = List.copyOf(models);
            batches = List.copyOf(batches);
        }
    }

    /** One model to measure: a spec, and for onnx models whether ORT threads spin-wait. */
    private record Entry(String spec, boolean spin) {
        String label() {
            return spin ? spec + " (spin-wait)" : spec;
        }
    }

    private final PrintStream log;

    /** @param log where progress and a human-readable line per measurement go (the CLI passes stderr) */
    public ClipBench(PrintStream log) {
        this.log = log;
    }

    /**
     * Measures every model of {@code config}, handing each result row to {@code rows} as soon as it is measured.
     * Sets PyTorch's thread counts as system properties unless already set: they are read once, when the engine
     * starts, so they apply to the whole JVM.
     */
    public void run(Config config, Consumer<Map<String, Object>> rows) throws Exception {
        if (config.images() < 1 || config.batches().isEmpty() || config.batches().stream().anyMatch(b -> b < 1)) {
            throw new Autodistill4jException("`images` and every `batches` value must be at least 1");
        }
        if (config.onnxSpin() && !config.onnx()) {
            throw new Autodistill4jException("`onnx-spin` needs `onnx` (it measures the ONNX exports twice)");
        }
        if (config.onnxSpin() && config.students()) {
            throw new Autodistill4jException("`onnx-spin` is for the CLIP comparison, not `students`: drop one");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        configureEngine(config, cores);
        if (config.students()) {
            new StudentBench(config, log).run(rows);
            return;
        }
        MeasurementRows measure = new MeasurementRows(config, cores, rows, log);
        try (BenchOnnxExports exports = config.onnx() ? new BenchOnnxExports() : null) {
            List<Entry> specs = new ArrayList<>(config.models().stream().map(m -> new Entry(m, false)).toList());
            if (specs.isEmpty()) {
                ClipConfig shape = architecture(config.architecture());
                try (ClipModel model = randomModel(config, shape)) {
                    measure.target(new BenchTarget("random:" + config.architecture(), "DJL PyTorch", "clip", model,
                            new ClipImagePreprocessor(PreprocessorConfig.clipDefaults(model.imageSize())), null,
                            model::close));
                }
                if (exports != null) {
                    for (Precision p : Precision.values()) {
                        log.println("bench: exporting the random model to ONNX " + p.id() + "…");
                        addOnnx(config, specs, OnnxProvider.NAME + ":"
                                + exports.random(config.architecture(), shape, p));
                    }
                }
            } else if (exports != null) {
                ModelSpec first = ModelSpec.parse(specs.get(0).spec());
                if (!MetaclipProvider.NAME.equals(first.provider())) { // BenchOnnxExports.metaclip exports CLIP only
                    throw new Autodistill4jException("`onnx` exports the first `model`, which must be metaclip:REF");
                }
                for (Precision p : Precision.values()) {
                    log.println("bench: exporting " + specs.get(0).spec() + " to ONNX " + p.id() + "…");
                    addOnnx(config, specs, OnnxProvider.NAME + ":" + exports.metaclip(first.reference(), p));
                }
            }
            for (Entry e : specs) {
                try (BenchTarget target = BenchTarget.of(e.label(), loadModel(config, e))) {
                    measure.target(target);
                }
            }
        }
        measure.ratios();
    }

    private static void addOnnx(Config config, List<Entry> specs, String spec) {
        specs.add(new Entry(spec, false));
        if (config.onnxSpin()) {
            specs.add(new Entry(spec, true));
        }
    }

    private static BaseModel loadModel(Config config, Entry entry) {
        ModelSpec parsed = ModelSpec.parse(entry.spec());
        Map<String, String> options = new LinkedHashMap<>();
        if (OnnxProvider.NAME.equals(parsed.provider())) {
            options.put(OnnxProvider.THREADS, String.valueOf(config.threads() == null
                    ? Runtime.getRuntime().availableProcessors() : config.threads()));
            options.put(OnnxProvider.SPIN, String.valueOf(entry.spin()));
        }
        return BaseModelRegistry.discover().load(entry.spec(),
                new ModelRequest(parsed.reference(), null, config.device(), options));
    }

    static ClipConfig architecture(String name) {
        try {
            return StandardArchitectures.byName(name);
        } catch (IllegalArgumentException e) {
            throw new Autodistill4jException(e.getMessage());
        }
    }

    private ClipModel randomModel(Config config, ClipConfig shape) {
        log.println("bench: building a random " + config.architecture() + " model…");
        return ClipModel.load(shape, new RandomStateDict(shape, 42), config.device(), "random");
    }

    private static void configureEngine(Config config, int cores) {
        // read once when the PyTorch engine starts, so they must be set before the first model is built
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads",
                    String.valueOf(config.threads() == null ? cores : config.threads()));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", String.valueOf(config.interopThreads()));
        }
    }
}
