package dev.autodistill4j.bench.clip;

import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.model.RandomStateDict;
import dev.autodistill4j.onnx.OnnxExports;
import dev.autodistill4j.onnx.export.ClipOnnxExporter;
import dev.autodistill4j.onnx.export.Precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code bench --onnx}: the benchmarked CLIP exported to ONNX (fp32 and int8) in a temporary folder, so the
 * PyTorch path and ONNX Runtime are measured on the same weights in the same run. Deleted on close.
 */
final class BenchOnnxExports implements AutoCloseable {
    private final Path root;

    BenchOnnxExports() throws IOException {
        root = Files.createTempDirectory("autodistill4j-bench-onnx");
    }

    /** Exports the same random model {@code bench} builds (seed 42) and returns the export folder. */
    Path random(String architecture, ClipConfig config, Precision precision) throws IOException {
        Path dir = Files.createDirectories(root.resolve(architecture + "-" + precision.id()));
        try (ClipCheckpoint random = new ClipCheckpoint(Path.of("random:" + architecture), "random-seed-42", config,
                new RandomStateDict(config, 42), PreprocessorConfig.clipDefaults(config.vision().imageSize()), null,
                null)) {
            new ClipOnnxExporter(precision).export(random, "random:" + architecture, null, dir);
        }
        return dir;
    }

    /** Exports a metaclip reference and returns the export folder. */
    Path metaclip(String reference, Precision precision) {
        Path dir = root.resolve("metaclip-" + precision.id());
        OnnxExports.clip(reference, precision, dir);
        return dir;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
