package dev.autodistill4j.onnx;

import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.testing.BaseModelProviderContract;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.onnx.export.ClipOnnxExporter;
import dev.autodistill4j.onnx.export.Precision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The provider contract, on the tiny fixture CLIP exported once for the whole class. */
class OnnxProviderTest extends BaseModelProviderContract {
    private static Path exported;

    @Override
    protected BaseModelProvider provider() {
        return new OnnxProvider();
    }

    /**
     * The provider gives evidence only (embeddings); zero-shot classification into the request's ontology is the
     * runtime's ({@code BaseModelRegistry} wraps the model: ThroughRuntime-style tests and the runtime's own).
     */
    @Override
    protected boolean classifies() {
        return false;
    }

    @Override
    protected List<String> knownOptions() {
        return List.of("aggregation", "templates", "batch", "threads", "spin", "student", "teacher");
    }

    @Override
    protected ModelRequest workingRequest() {
        return new ModelRequest(export().toString(), sampleOntology(), null, Map.of("threads", "1"));
    }

    /** Exports fixtures/clip/tiny-clip once (skips with a message when fixtures are not configured). */
    static synchronized Path export() {
        if (exported == null) {
            Path checkpoint = Fixtures.resolve("clip/tiny-clip");
            try {
                Path dir = Files.createTempDirectory("onnx-provider-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                new ClipOnnxExporter(Precision.FP32).export(checkpoint, "tiny-clip", null, dir);
                exported = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return exported;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
