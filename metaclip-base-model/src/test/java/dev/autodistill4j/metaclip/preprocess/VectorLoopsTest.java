package dev.autodistill4j.metaclip.preprocess;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The preprocessing's Vector API loops against their scalar references, bit for bit: {@link BicubicTapsVector}
 * (Pillow's fixed-point sums; {@link PillowBicubicReferenceTest} also holds it to Pillow's own bytes) and
 * {@link NormalizeVector} (the same IEEE float operations). Sizes cover shrinking by large and small factors (long and
 * short filters, filters shorter than one vector, the masked last vector near the end of a row and of the image),
 * enlarging, one axis only, and crops. The scalar fallback without the module is {@link VectorFallbackTest}'s.
 */
class VectorLoopsTest {
    private final SplittableRandom random = new SplittableRandom(20);

    @BeforeEach
    void needsTheModule() {
        assumeTrue(VectorApi.available(), "the JVM has no jdk.incubator.vector module (--add-modules)");
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({"4032,3024,298,224", "1024,768,298,224", "500,375,298,224", "640,480,85,64", "97,61,224,224",
        "224,224,224,224", "300,7,64,64", "7,300,3,299", "1,1,224,224", "2000,40,17,40", "40,2000,40,17"})
    void theResizeIsTheScalarResizeBitForBit(int w, int h, int outW, int outH) {
        int[] rgb = noise(w * h);
        assertThat(PillowBicubic.resizeRegion(rgb, w, h, outW, outH, 0, 0, outW, outH, true))
                .containsExactly(PillowBicubic.resizeRegion(rgb, w, h, outW, outH, 0, 0, outW, outH, false));
        int regionW = Math.max(1, outW / 2);
        int regionH = Math.max(1, outH / 3);
        int x0 = outW - regionW;
        int y0 = (outH - regionH) / 2;
        assertThat(PillowBicubic.resizeRegion(rgb, w, h, outW, outH, x0, y0, regionW, regionH, true))
                .containsExactly(PillowBicubic.resizeRegion(rgb, w, h, outW, outH, x0, y0, regionW, regionH, false));
    }

    @Test
    void pixelsWithAnAlphaByteResizeAsTheScalarLoopDoes() {
        int[] rgb = noise(333 * 211);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] |= random.nextInt(256) << 24; // TYPE_INT_RGB leaves the top byte undefined
        }
        assertThat(PillowBicubic.resizeRegion(rgb, 333, 211, 97, 64, 0, 0, 97, 64, true))
                .containsExactly(PillowBicubic.resizeRegion(rgb, 333, 211, 97, 64, 0, 0, 97, 64, false));
    }

    @ParameterizedTest(name = "{0} pixels")
    @CsvSource({"50176", "4096", "17", "1", "0", "1023"})
    void theNormalisationIsTheScalarOneBitForBit(int pixels) {
        int[] crop = noise(pixels);
        if (pixels > 0) {
            crop[pixels - 1] = 0xFFFFFF;
        }
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        float[] vector = new float[3 * pixels + 5];
        float[] scalar = new float[3 * pixels + 5];
        ClipImagePreprocessor.normalizeInto(crop, pixels, vector, 5, mean, std, true);
        ClipImagePreprocessor.normalizeInto(crop, pixels, scalar, 5, mean, std, false);
        for (int i = 0; i < vector.length; i++) {
            assertThat(Float.floatToRawIntBits(vector[i])).as("value %d", i)
                    .isEqualTo(Float.floatToRawIntBits(scalar[i]));
        }
    }

    @Test
    void theWarmUpRunsAndTheLoopsAreUsedOnceItIsDone() throws InterruptedException {
        VectorWarmUp.run();
        long deadline = System.nanoTime() + 600_000_000_000L; // not a timing assertion: a bound for a hung warm-up
        while (!VectorApi.enabled() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(VectorApi.enabled()).isTrue();
    }

    private int[] noise(int n) {
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = random.nextInt(1 << 24);
        }
        return px;
    }
}
