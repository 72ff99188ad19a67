package dev.autodistill4j.metaclip.preprocess;

import dev.autodistill4j.testing.TestResources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link PillowBicubic} against Pillow 12.3's {@code Image.resize(size, BICUBIC)} on smooth and noise images,
 * shrinking, enlarging, one axis only, and extreme aspect ratios (resources made by the framework-api test
 * resource {@code pillow/generate.py}). Every output byte must be identical, with the scalar loop and with the
 * Vector API loop ({@link BicubicTapsVector}; skipped where the JVM lacks the module).
 */
class PillowBicubicReferenceTest {
    private static final String BASE = "pillow-resize/";

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String line : TestResources.lines(PillowBicubicReferenceTest.class, BASE + "cases.tsv")) {
            out.add(Arguments.of(line, false));
            out.add(Arguments.of(line, true));
        }
        return out;
    }

    private static byte[] bytes(String name) {
        return TestResources.bytes(PillowBicubicReferenceTest.class, BASE + name);
    }

    @ParameterizedTest(name = "{0} vector={1}")
    @MethodSource("cases")
    void resizeIsBitIdenticalToPillow(String line, boolean vector) throws IOException {
        assumeTrue(!vector || VectorApi.available(), "the JVM has no jdk.incubator.vector module");
        String[] f = line.split("\t");
        int ow = Integer.parseInt(f[1]);
        int oh = Integer.parseInt(f[2]);
        BufferedImage src = ImageIO.read(new ByteArrayInputStream(bytes(f[0])));
        int w = src.getWidth();
        int h = src.getHeight();
        int[] px = src.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xFFFFFF;
        }
        int[] out = PillowBicubic.resizeRegion(px, w, h, ow, oh, 0, 0, ow, oh, vector);
        byte[] expected = bytes(f[0].replace(".png", "") + "_" + ow + "x" + oh + ".rgb");
        assertThat(out).hasSize(ow * oh);
        int maxDiff = 0;
        for (int i = 0; i < out.length; i++) {
            for (int c = 0; c < 3; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(((out[i] >> (16 - 8 * c)) & 0xFF) - (expected[i * 3 + c] & 0xFF)));
            }
        }
        assertThat(maxDiff).as("%dx%d -> %dx%d", w, h, ow, oh).isZero();
    }
}
