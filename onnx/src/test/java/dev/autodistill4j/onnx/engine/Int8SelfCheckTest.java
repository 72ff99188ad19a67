package dev.autodistill4j.onnx.engine;

import dev.autodistill4j.api.model.Engine;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The int8 self-check on 64 shapes test images: the fixture's int8 export passes; the same export with its
 * weight scales perturbed is refused, with the numbers and the fix.
 */
class Int8SelfCheckTest {
    @TempDir
    static Path tmp;
    private static OnnxEngineBackend backend;
    private static List<BufferedImage> images;
    private static List<String> prompts;

    @BeforeAll
    static void sample() throws Exception {
        Path test = Fixtures.resolve("shapes/images/test");
        List<Path> files = ImageFiles.walk(test);
        ImageDecoder decoder = ImageDecoder.defaults();
        images = files.stream().limit(64).map(decoder::decode).toList();
        Path ontology = Path.of("..", "examples", "src", "main", "resources", "shapes-ontology.yaml");
        prompts = OntologyLoader.loadAny(ontology).prompts();
        backend = new OnnxEngineBackend(new ExportCache(tmp.resolve("cache")));
    }

    @Test
    void theFixturesInt8ExportPasses() {
        Int8Check check = Int8SelfCheck.run(backend, Fixtures.resolve("shapes/shapes-clip").toString(), images,
                prompts);
        System.err.println(check.describe());
        assertThat(check.images()).isEqualTo(64);
        assertThat(check.prompts()).isEqualTo(16);
        assertThat(check.passed()).as(check.describe()).isTrue();
        assertThat(check.agreement()).isGreaterThanOrEqualTo(Int8Check.MIN_AGREEMENT);
        assertThat(check.minCosine()).isLessThanOrEqualTo(check.meanCosine()).isLessThan(1.0);
    }

    @Test
    void aBrokenInt8ExportIsRefusedWithTheNumbersAndTheFix() throws Exception {
        String reference = Fixtures.resolve("shapes/shapes-clip").toString();
        Path fp32 = backend.export(reference, Engine.ONNX).dir();
        Path broken = tmp.resolve("broken-int8");
        copy(backend.export(reference, Engine.ONNX_INT8).dir(), broken);
        assertThat(PerturbedScales.apply(broken, 7)).as("scale tensors perturbed").isGreaterThan(0);

        Int8Check check = Int8SelfCheck.compare(fp32, broken, images, prompts);
        System.err.println(check.describe());
        assertThat(check.passed()).as(check.describe()).isFalse();
        assertThat(new EngineCheckException(check, "shapes/images/test").getMessage()).contains("FAILED")
                .contains("`engine` onnx").contains(String.format(java.util.Locale.ROOT, "%.5f", check.minCosine()));
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}
