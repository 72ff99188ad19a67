package dev.autodistill4j.metaclip.preprocess;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoder + preprocessor against the reference pixels ({@code pixel_values_64.*}, {@code pixel_values_224.*}
 * in golden.safetensors). PNGs must match to the 8-bit level: every value within 1e-6 of the reference, i.e.
 * the resized bytes are identical. The JPEG may differ by the decoder (libjpeg-turbo vs. Java's libjpeg 6b),
 * so it is held to golden.json's jpg tolerance.
 */
class ClipImagePreprocessorGoldenTest {
    private static final Logger LOG = LoggerFactory.getLogger(ClipImagePreprocessorGoldenTest.class);
    private static final String[] IMAGES = {"gradient_wide.png", "noise_tall.png", "gray.png", "alpha.png",
        "small_upscale.png", "exact64.png", "scene.jpg"};

    private static GoldenTensors golden;

    @BeforeAll
    static void load() throws IOException {
        golden = new GoldenTensors(Fixtures.resolve("clip/golden.safetensors"));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int size : new int[] {64, 224}) {
            for (String image : IMAGES) {
                out.add(Arguments.of(image, size));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} at {1}px")
    @MethodSource("cases")
    void matchesReferencePixels(String image, int size) {
        Path file = Fixtures.resolve("clip/images/" + image);
        BufferedImage decoded = ImageDecoder.defaults().decode(file);
        float[] actual = new ClipImagePreprocessor(PreprocessorConfig.clipDefaults(size)).preprocess(decoded);
        float[] expected = golden.f32("pixel_values_" + size + "." + image);
        assertThat(actual).hasSameSizeAs(expected);
        double energy = 0;
        for (float v : expected) {
            energy += Math.abs(v);
        }
        assertThat(energy).as("reference tensor is not blank").isGreaterThan(expected.length * 0.05);
        double maxAbs = 0;
        int differing = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            maxAbs = Math.max(maxAbs, d);
            if (d > 1e-6) {
                differing++;
            }
        }
        // One 8-bit level is 1/255/std ≈ 0.0146 after normalisation.
        LOG.info(String.format(Locale.ROOT, "%s @%d: max abs diff %.3g (%.2f grey levels), %d of %d values differ",
                image, size, maxAbs, maxAbs * 255 * 0.26130258, differing, actual.length));
        if (image.endsWith(".png")) {
            assertThat(maxAbs).as("max abs difference for %s at %d", image, size).isLessThanOrEqualTo(1e-6);
        } else {
            assertThat(maxAbs).as("max abs difference for %s at %d", image, size).isLessThanOrEqualTo(0.1);
        }
    }
}
