package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The provider's options, provenance and the capabilities it returns. */
class MetaclipProviderOptionsTest {
    private static final Map<String, String> PROMPTS = new LinkedHashMap<>();

    static {
        PROMPTS.put("a photo of a cat", "cat");
        PROMPTS.put("a photo of a kitten", "cat");
        PROMPTS.put("a photo of a dog", "dog");
    }

    private static ModelRequest request(Map<String, String> options) {
        return new ModelRequest(Fixtures.resolve("clip/tiny-clip").toString(), CaptionOntology.of(PROMPTS), null,
                options);
    }

    private static BufferedImage image() {
        BufferedImage img = new BufferedImage(80, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 80; x++) {
                img.setRGB(x, y, (x * 3) << 16 | (y * 4) << 8 | 40);
            }
        }
        return img;
    }

    @Test
    void withoutAnOntologyTheModelOnlyEmbeds() {
        try (var m = new MetaclipProvider().load(ModelRequest.of(Fixtures.resolve("clip/tiny-clip").toString()))) {
            assertThat(m).isInstanceOf(MetaclipModel.class).isNotInstanceOf(ClassificationBaseModel.class);
            assertThat(m.info().details()).containsEntry("device", "cpu()").containsEntry("precision", "float32");
            assertThat(m.info().license()).as("licence of a local non-MetaCLIP folder is unknown").isNull();
        }
    }

    @Test
    void aggregationsDifferOnlyInHowPromptsCombine() {
        float[] sum;
        float[] max;
        try (var m = ThroughRuntime.classifier(request(Map.of()))) {
            Classifications c = m.predict(image(), 0);
            sum = c.distribution();
            assertThat(sum[0] + sum[1]).isCloseTo(1f, within(1e-5f));
            assertThat(m.info().details()).containsEntry("aggregation", "sum").containsEntry("templates", "none");
        }
        try (var m = ThroughRuntime.classifier(request(Map.of("aggregation", "max")))) {
            max = m.predict(image(), 0).distribution();
            assertThat(m.info().details()).containsEntry("aggregation", "max");
        }
        assertThat(max[1]).as("one prompt for dog: max = sum").isCloseTo(sum[1], within(1e-6f));
        assertThat(max[0]).isLessThan(sum[0]);
    }

    @Test
    void templatesFromImagenetOrAFileChangeThePromptFeatures(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("templates.txt");
        Files.writeString(file, "# mine\na blurry photo of {}\nart of {}\n");
        float[] plain;
        try (var m = ThroughRuntime.classifier(request(Map.of()))) {
            plain = m.classifier().promptLogits(m.embedImage(image()));
        }
        for (String t : List.of("imagenet", file.toString())) {
            try (var m = ThroughRuntime.classifier(request(Map.of("templates", t)))) {
                float[] templated = m.classifier().promptLogits(m.embedImage(image()));
                assertThat(templated).as(t).isNotEqualTo(plain);
                assertThat(m.info().details()).containsEntry("templates", t);
            }
        }
    }

    @Test
    void badOptionsFailBeforeLoadingWithTheValidChoices() {
        assertThatThrownBy(() -> ThroughRuntime.load(request(Map.of("agregation", "max"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("unknown metaclip option 'agregation'");
        assertThatThrownBy(() -> ThroughRuntime.load(request(Map.of("aggregation", "median"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("sum (default), max or mean");
        assertThatThrownBy(() -> ThroughRuntime.load(request(Map.of("batch", "0"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("batch='0'");
        assertThatThrownBy(() -> ThroughRuntime.load(request(Map.of("templates", "/no/such/templates.txt"))))
                .hasMessageContaining("/no/such/templates.txt");
    }

    @Test
    void theDefaultModelOfflineWithAnEmptyCacheFailsNamingTheRepository(@TempDir Path cache) {
        System.setProperty("autodistill4j.cache", cache.toString());
        System.setProperty("autodistill4j.offline", "true");
        try {
            assertThatThrownBy(() -> new MetaclipProvider().load(ModelRequest.of(null)))
                    .isInstanceOf(ModelLoadException.class).hasMessageContaining("facebook/metaclip-b32-400m");
            assertThatThrownBy(() -> new MetaclipProvider().load(ModelRequest.of("l14-fullcc2.5b")))
                    .isInstanceOf(ModelLoadException.class).hasMessageContaining("metaclip-l14-fullcc2.5b");
        } finally {
            System.clearProperty("autodistill4j.cache");
            System.clearProperty("autodistill4j.offline");
        }
    }

    @Test
    void metaclipReferencesRecordTheNonCommercialLicence() {
        assertThat(MetaclipProvider.licenseOf("facebook/metaclip-b32-400m")).isEqualTo("CC-BY-NC-4.0");
        assertThat(MetaclipProvider.licenseOf("b16-fullcc2.5b")).isEqualTo("CC-BY-NC-4.0");
        assertThat(MetaclipProvider.licenseOf("hf:facebook/metaclip-h14-fullcc2.5b")).isEqualTo("CC-BY-NC-4.0");
        assertThat(MetaclipProvider.licenseOf("/models/openai-clip")).isNull();
        assertThat(new MetaclipProvider().license()).contains("CC-BY-NC 4.0");
    }
}
