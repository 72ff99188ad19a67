package dev.autodistill4j.bench.clip;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.bench.Machine;
import dev.autodistill4j.metaclip.model.ClipEncoder;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures one {@link BenchTarget} after another for {@link ClipBench} and turns each {@link Measurement} into
 * its result row ({@code model, measure, batch, items, seconds, per_second, cpu_seconds, per_cpu_second}, rounded
 * as printed); remembers every model's measurements for the closing ratio rows.
 */
final class MeasurementRows {
    private final ClipBench.Config config;
    private final int cores;
    private final Consumer<Map<String, Object>> rows;
    private final PrintStream log;
    private final List<String> labels = new ArrayList<>();
    private final List<List<Measurement>> results = new ArrayList<>();

    MeasurementRows(ClipBench.Config config, int cores, Consumer<Map<String, Object>> rows, PrintStream log) {
        this.config = config;
        this.cores = cores;
        this.rows = rows;
        this.log = log;
    }

    /** The setup row, then model-only image, end-to-end image and text measurements for every batch size. */
    void target(BenchTarget target) throws Exception {
        labels.add(target.label());
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
        setup.put("cpu", Machine.cpuName());
        rows.accept(setup);
        ClipBenchmark bench = new ClipBenchmark(model);
        for (int b : config.batches()) {
            measured.add(emit(target.label(), bench.imagesModelOnly(b, config.images())));
        }
        measured.addAll(endToEnd(bench, target));
        // a loaded checkpoint tokenises with its own tokenizer (MetaCLIP 2 has no CLIP BPE ids)
        int[][] ids = target.tokenizer() == null ? BenchTexts.ids() : BenchTexts.ids(target.tokenizer());
        for (int b : config.batches()) {
            measured.add(emit(target.label(), bench.texts(ids, b, Math.max(config.images(), b))));
        }
        results.add(measured);
    }

    private List<Measurement> endToEnd(ClipBenchmark bench, BenchTarget target) throws Exception {
        ClipImagePreprocessor preprocessor = target.preprocessor();
        List<Measurement> measured = new ArrayList<>();
        int images = config.images();
        int needed = 0;
        for (int b : config.batches()) {
            needed = Math.max(needed, ((images + b - 1) / b + 1) * b);
        }
        Path dir = Files.createTempDirectory("autodistill4j-bench");
        log.println("bench: writing " + needed + " " + BenchImages.WIDTH + "×" + BenchImages.HEIGHT
                + " JPEGs to " + dir + "…");
        List<Path> files = BenchImages.write(dir, needed, 7);
        try {
            ImageDecoder decoder = ImageDecoder.defaults();
            int threads = config.workers() == null ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2)
                    : config.workers();
            for (int b : config.batches()) {
                int count = ((images + b - 1) / b + 1) * b;
                measured.add(emit(target.label(), bench.imagesEndToEnd(files.subList(0, count),
                        f -> preprocessor.preprocess(decoder.decode(f)), b, threads)));
            }
            int largest = config.batches().stream().max(Integer::compare).orElseThrow(); // where time goes, by stage
            int staged = Math.max(largest, (images / largest) * largest);
            Map<String, Double> stages = StageBreakdown.measure(target.encoder(), preprocessor, files.subList(0,
                    Math.min(files.size(), staged)), largest);
            rows.accept(StageBreakdown.row(target.label(), largest, staged, stages));
            log.println("bench: ms per image by stage (batch " + largest + "): " + stages);
        } finally {
            BenchImages.deleteAll(dir, files);
        }
        return measured;
    }

    /** One row per model after the first: its rate over the first model's, per measurement and batch. */
    void ratios() {
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
            rows.accept(line);
            log.println("bench: " + labels.get(m) + " / " + labels.get(0) + ": " + ratios);
        }
    }

    private Measurement emit(String label, Measurement m) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("model", label);
        line.put("measure", m.name());
        line.put("batch", m.batch());
        line.put("items", m.items());
        line.put("seconds", Math.round(m.seconds() * 1000) / 1000.0);
        line.put("per_second", Math.round(m.perSecond() * 100) / 100.0);
        line.put("cpu_seconds", Math.round(m.cpuSeconds() * 1000) / 1000.0);
        line.put("per_cpu_second", Math.round(m.perCpuSecond() * 100) / 100.0);
        rows.accept(line);
        log.printf("bench: %-17s batch %2d: %8.2f /s (%.2f per CPU-second)%n", m.name(), m.batch(),
                m.perSecond(), m.perCpuSecond());
        return m;
    }
}
