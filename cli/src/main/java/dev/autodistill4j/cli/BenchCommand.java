package dev.autodistill4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.image.ImageDecoder;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelRegistry;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.metaclip.MetaclipModel;
import dev.autodistill4j.metaclip.bench.ClipBenchmark;
import dev.autodistill4j.metaclip.bench.Measurement;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.model.ClipModel;
import dev.autodistill4j.metaclip.model.RandomStateDict;
import dev.autodistill4j.metaclip.model.StandardArchitectures;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code autodistill4j bench}: how fast the CLIP network runs here, as JSON lines (one per measurement).
 *
 * <p>Without {@code --model} it builds a randomly initialised ViT-B/32-shaped model, so the number needs no
 * download and compares directly with the reference PyTorch run on the same shape.
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
            description = "Benchmark a real checkpoint instead, e.g. metaclip:/path/to/clip-folder.")
    String modelSpec;

    @Option(names = "--device", description = "cpu (default), gpu or gpu:N.")
    String device;

    @Option(names = "--batches", converter = NumericOptions.Batch.class, split = ",", defaultValue = "1,8,32", description = "Batch sizes (default 1,8,32).")
    List<Integer> batches;

    @Option(names = "--images", converter = NumericOptions.Positive.class, defaultValue = "64", description = "Items timed per measurement (default 64).")
    int images;

    @Option(names = "--threads", converter = NumericOptions.Positive.class, description = "PyTorch intra-op threads (default: the number of cores).")
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
        int cores = Runtime.getRuntime().availableProcessors();
        configureEngine(cores);
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        String label = modelSpec != null ? modelSpec : "random:" + architecture;
        try (BaseModel loaded = modelSpec == null ? null : loadModel();
             ClipModel model = loaded == null ? randomModel() : null) {
            ClipModel network = model != null ? model : ((MetaclipModel) loaded).network();
            ClipImagePreprocessor preprocessor = model != null
                    ? new ClipImagePreprocessor(PreprocessorConfig.clipDefaults(model.imageSize()))
                    : ((MetaclipModel) loaded).preprocessor();
            // a loaded checkpoint tokenises with its own tokenizer (MetaCLIP 2 has no CLIP BPE ids)
            int[][] ids = model != null ? BenchTexts.ids() : BenchTexts.ids(((MetaclipModel) loaded).tokenizer());
            run(json, out, network, preprocessor, label, cores, ids);
        }
        return 0;
    }

    private BaseModel loadModel() {
        ModelSpec spec = ModelSpec.parse(modelSpec);
        BaseModel m = BaseModelRegistry.discover().load(modelSpec,
                new ModelRequest(spec.reference(), null, device, Map.of()));
        if (!(m instanceof MetaclipModel)) {
            m.close();
            throw new Autodistill4jException("bench measures CLIP networks: --model " + modelSpec
                    + " is not a metaclip model; use --model metaclip:<checkpoint>");
        }
        return m;
    }

    private ClipModel randomModel() {
        ClipConfig config;
        try {
            config = StandardArchitectures.byName(architecture);
        } catch (IllegalArgumentException e) {
            throw new Autodistill4jException(e.getMessage());
        }
        System.err.println("bench: building a random " + architecture + " model…");
        return ClipModel.load(config, new RandomStateDict(config, 42), device, "random");
    }

    private void run(ObjectMapper json, PrintWriter out, ClipModel model, ClipImagePreprocessor preprocessor,
                     String label, int cores, int[][] ids) throws Exception {
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("bench", "setup");
        setup.put("model", label);
        setup.put("device", model.device().toString());
        setup.put("image_size", model.imageSize());
        setup.put("family", model.config().family().modelType());
        setup.put("cores", cores);
        setup.put("intra_op_threads", System.getProperty("ai.djl.pytorch.num_threads"));
        setup.put("inter_op_threads", System.getProperty("ai.djl.pytorch.num_interop_threads"));
        setup.put("java", System.getProperty("java.version"));
        out.println(json.writeValueAsString(setup));
        out.flush();
        ClipBenchmark bench = new ClipBenchmark(model);
        for (int b : batches) {
            print(json, out, bench.imagesModelOnly(b, images));
        }
        endToEnd(json, out, bench, preprocessor);
        for (int b : batches) {
            print(json, out, bench.texts(ids, b, Math.max(images, b)));
        }
    }

    private void endToEnd(ObjectMapper json, PrintWriter out, ClipBenchmark bench,
                          ClipImagePreprocessor preprocessor) throws Exception {
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
                print(json, out, bench.imagesEndToEnd(files.subList(0, count),
                        f -> preprocessor.preprocess(decoder.decode(f)), b, threads));
            }
        } finally {
            BenchImages.deleteAll(dir, files);
        }
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

    private static void print(ObjectMapper json, PrintWriter out, Measurement m) throws Exception {
        Map<String, Object> line = new LinkedHashMap<>();
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
    }
}
