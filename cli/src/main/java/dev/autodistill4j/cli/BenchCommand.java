package dev.autodistill4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.image.ImageDecoder;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelRegistry;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.metaclip.bench.ClipBenchmark;
import dev.autodistill4j.metaclip.bench.Measurement;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.model.ClipEncoder;
import dev.autodistill4j.metaclip.model.ClipModel;
import dev.autodistill4j.metaclip.model.RandomStateDict;
import dev.autodistill4j.metaclip.model.StandardArchitectures;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.onnx.OnnxProvider;
import dev.autodistill4j.onnx.export.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code autodistill4j bench}: how fast the CLIP network runs here, as JSON lines (one per measurement).
 *
 * <p>Without {@code --model} it builds a randomly initialised ViT-B/32-shaped model, so the number needs no
 * download and compares directly with the reference PyTorch run on the same shape. {@code --onnx} adds the
 * same weights exported to ONNX (fp32, int8) on ONNX Runtime, and several {@code --model}s may be given: all
 * are measured one after the other in one process, and each one's rates are printed as ratios to the first.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure image and text embeddings per second (model only, end to end from JPEGs).")
public final class BenchCommand implements CliCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--architecture", defaultValue = "vit-b-32",
            description = "Random model shape when no --model is given: vit-b-32 (default) or tiny.")
    String architecture;

    @Option(names = "--model", paramLabel = "PROVIDER:REF",
            description = "Benchmark a real model instead, e.g. metaclip:/path/to/clip-folder or onnx:/path/to/export; "
                    + "repeat to measure several in one run (ratios to the first are printed at the end).")
    List<String> modelSpecs = new ArrayList<>();

    @Option(names = "--onnx", description = "Also export the (first) model to ONNX, fp32 and int8, in a temporary "
            + "folder and measure both on ONNX Runtime in the same run.")
    boolean onnx;

    @Option(names = "--onnx-spin", description = "With --onnx: also measure each ONNX export with ORT's idle "
            + "threads spin-waiting (ORT's own default; ours is off), to see what spinning costs on this machine.")
    boolean onnxSpin;

    /** One model to measure: a spec, and for onnx models whether ORT threads spin-wait. */
    private record Entry(String spec, boolean spin) {
        String label() {
            return spin ? spec + " (spin-wait)" : spec;
        }
    }

    @Option(names = "--device", description = "cpu (default), gpu or gpu:N.")
    String device;

    @Option(names = "--batches", converter = NumericOptions.Batch.class, split = ",", defaultValue = "1,8,32", description = "Batch sizes (default 1,8,32).")
    List<Integer> batches;

    @Option(names = "--images", converter = NumericOptions.Positive.class, defaultValue = "64", description = "Items timed per measurement (default 64).")
    int images;

    @Option(names = "--threads", converter = NumericOptions.Positive.class, description = "PyTorch and ONNX Runtime intra-op threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--interop-threads", converter = NumericOptions.Positive.class, defaultValue = "1",
            description = "PyTorch inter-op threads (default 1: one model call at a time uses all cores).")
    int interopThreads;

    @Option(names = "--workers", converter = NumericOptions.Positive.class, description = "Threads decoding and preprocessing JPEGs while the model runs "
            + "(default: half the cores, at least 1).")
    Integer workers;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || batches.isEmpty() || batches.stream().anyMatch(b -> b < 1)) {
            throw new Autodistill4jException("--images and every --batches value must be at least 1");
        }
        if (onnxSpin && !onnx) {
            throw new Autodistill4jException("--onnx-spin needs --onnx (it measures the ONNX exports twice)");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        configureEngine(cores);
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        List<String> labels = new ArrayList<>();
        List<List<Measurement>> results = new ArrayList<>();
        try (BenchOnnxExports exports = onnx ? new BenchOnnxExports() : null) {
            List<Entry> specs = new ArrayList<>(modelSpecs.stream().map(m -> new Entry(m, false)).toList());
            if (specs.isEmpty()) {
                ClipConfig config = architecture();
                try (ClipModel model = randomModel(config)) {
                    measure(json, out, new BenchTarget("random:" + architecture, "DJL PyTorch", "clip", model,
                            new ClipImagePreprocessor(PreprocessorConfig.clipDefaults(model.imageSize())), null,
                            model::close),
                            cores, labels, results);
                }
                if (exports != null) {
                    for (Precision p : Precision.values()) {
                        System.err.println("bench: exporting the random model to ONNX " + p.id() + "…");
                        addOnnx(specs, OnnxProvider.NAME + ":" + exports.random(architecture, config, p));
                    }
                }
            } else if (exports != null) {
                ModelSpec first = ModelSpec.parse(specs.get(0).spec());
                if (!"metaclip".equals(first.provider())) {
                    throw new Autodistill4jException("--onnx exports the first --model, which must be metaclip:REF");
                }
                for (Precision p : Precision.values()) {
                    System.err.println("bench: exporting " + specs.get(0).spec() + " to ONNX " + p.id() + "…");
                    addOnnx(specs, OnnxProvider.NAME + ":" + exports.metaclip(first.reference(), p));
                }
            }
            for (Entry e : specs) {
                try (BenchTarget target = BenchTarget.of(e.label(), loadModel(e))) {
                    measure(json, out, target, cores, labels, results);
                }
            }
        }
        printRatios(json, out, labels, results);
        return 0;
    }

    private void addOnnx(List<Entry> specs, String spec) {
        specs.add(new Entry(spec, false));
        if (onnxSpin) {
            specs.add(new Entry(spec, true));
        }
    }

    private BaseModel loadModel(Entry entry) {
        ModelSpec parsed = ModelSpec.parse(entry.spec());
        Map<String, String> options = new LinkedHashMap<>();
        if (OnnxProvider.NAME.equals(parsed.provider())) {
            options.put(OnnxProvider.THREADS, String.valueOf(threads == null
                    ? Runtime.getRuntime().availableProcessors() : threads));
            options.put(OnnxProvider.SPIN, String.valueOf(entry.spin()));
        }
        return BaseModelRegistry.discover().load(entry.spec(),
                new ModelRequest(parsed.reference(), null, device, options));
    }

    private ClipConfig architecture() {
        try {
            return StandardArchitectures.byName(architecture);
        } catch (IllegalArgumentException e) {
            throw new Autodistill4jException(e.getMessage());
        }
    }

    private ClipModel randomModel(ClipConfig config) {
        System.err.println("bench: building a random " + architecture + " model…");
        return ClipModel.load(config, new RandomStateDict(config, 42), device, "random");
    }

    private void measure(ObjectMapper json, PrintWriter out, BenchTarget target, int cores, List<String> labels,
                         List<List<Measurement>> results) throws Exception {
        labels.add(target.label());
        results.add(run(json, out, target, cores));
    }

    private List<Measurement> run(ObjectMapper json, PrintWriter out, BenchTarget target, int cores)
            throws Exception {
        ClipEncoder model = target.encoder();
        List<Measurement> measured = new ArrayList<>();
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("bench", "setup");
        setup.put("model", target.label());
        setup.put("engine", target.engine());
        setup.put("device", model.deviceName());
        setup.put("image_size", model.imageSize());
        setup.put("family", target.family());
        setup.put("cores", cores);
        setup.put("intra_op_threads", System.getProperty("ai.djl.pytorch.num_threads"));
        setup.put("inter_op_threads", System.getProperty("ai.djl.pytorch.num_interop_threads"));
        setup.put("java", System.getProperty("java.version"));
        setup.put("cpu", BenchImages.cpuName());
        out.println(json.writeValueAsString(setup));
        out.flush();
        ClipBenchmark bench = new ClipBenchmark(model);
        for (int b : batches) {
            measured.add(print(json, out, target.label(), bench.imagesModelOnly(b, images)));
        }
        measured.addAll(endToEnd(json, out, bench, target));
        // a loaded checkpoint tokenises with its own tokenizer (MetaCLIP 2 has no CLIP BPE ids)
        int[][] ids = target.tokenizer() == null ? BenchTexts.ids() : BenchTexts.ids(target.tokenizer());
        for (int b : batches) {
            measured.add(print(json, out, target.label(), bench.texts(ids, b, Math.max(images, b))));
        }
        return measured;
    }

    /** One line per model after the first: its rate over the first model's, per measurement and batch. */
    private static void printRatios(ObjectMapper json, PrintWriter out, List<String> labels,
                                    List<List<Measurement>> results) throws Exception {
        for (int m = 1; m < labels.size(); m++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("bench", "ratio");
            line.put("model", labels.get(m));
            line.put("reference", labels.get(0));
            Map<String, Object> ratios = new LinkedHashMap<>();
            for (int i = 0; i < results.get(m).size() && i < results.get(0).size(); i++) {
                Measurement a = results.get(0).get(i);
                Measurement b = results.get(m).get(i);
                ratios.put(b.name() + "@" + b.batch(), Math.round(b.perSecond() / a.perSecond() * 100) / 100.0);
            }
            line.put("per_second_ratio", ratios);
            out.println(json.writeValueAsString(line));
            out.flush();
            System.err.println("bench: " + labels.get(m) + " / " + labels.get(0) + ": " + ratios);
        }
    }

    private List<Measurement> endToEnd(ObjectMapper json, PrintWriter out, ClipBenchmark bench, BenchTarget target)
            throws Exception {
        ClipImagePreprocessor preprocessor = target.preprocessor();
        List<Measurement> measured = new ArrayList<>();
        int needed = 0;
        for (int b : batches) {
            needed = Math.max(needed, ((images + b - 1) / b + 1) * b);
        }
        Path dir = Files.createTempDirectory("autodistill4j-bench");
        System.err.println("bench: writing " + needed + " " + BenchImages.WIDTH + "×" + BenchImages.HEIGHT
                + " JPEGs to " + dir + "…");
        List<Path> files = BenchImages.write(dir, needed, 7);
        try {
            ImageDecoder decoder = ImageDecoder.defaults();
            int threads = workers == null ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2) : workers;
            for (int b : batches) {
                int count = ((images + b - 1) / b + 1) * b;
                measured.add(print(json, out, target.label(), bench.imagesEndToEnd(files.subList(0, count),
                        f -> preprocessor.preprocess(decoder.decode(f)), b, threads)));
            }
        } finally {
            BenchImages.deleteAll(dir, files);
        }
        return measured;
    }

    private void configureEngine(int cores) {
        // read once when the PyTorch engine starts, so they must be set before the first model is built
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads == null ? cores : threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", String.valueOf(interopThreads));
        }
    }

    private static Measurement print(ObjectMapper json, PrintWriter out, String label, Measurement m)
            throws Exception {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("model", label);
        line.put("measure", m.name());
        line.put("batch", m.batch());
        line.put("items", m.items());
        line.put("seconds", Math.round(m.seconds() * 1000) / 1000.0);
        line.put("per_second", Math.round(m.perSecond() * 100) / 100.0);
        line.put("cpu_seconds", Math.round(m.cpuSeconds() * 1000) / 1000.0);
        line.put("per_cpu_second", Math.round(m.perCpuSecond() * 100) / 100.0);
        out.println(json.writeValueAsString(line));
        out.flush();
        System.err.printf("bench: %-17s batch %2d: %8.2f /s (%.2f per CPU-second)%n", m.name(), m.batch(),
                m.perSecond(), m.perCpuSecond());
        return m;
    }
}
