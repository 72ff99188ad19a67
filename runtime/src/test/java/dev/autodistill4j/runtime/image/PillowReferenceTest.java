package dev.autodistill4j.runtime.image;

import dev.autodistill4j.testing.TestResources;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files written by Pillow (CMYK with Adobe marker, plus a YCCK JPEG written by the JDK, progressive and 4:2:0 JPEGs, EXIF-rotated JPEG/PNG, 16-bit
 * grey, LA, palette with transparency, 1-bit, GIF, 32-bit BMP, lossless WebP) must decode to exactly the bytes of
 * {@code ImageOps.exif_transpose(Image.open(f)).convert("RGB")} computed by Pillow 12.3 (resources made by
 * {@code pillow/generate.py}).
 */
class PillowReferenceTest {
    private static final String BASE = "pillow/";

    @TempDir
    Path dir;

    static List<String> cases() {
        return TestResources.lines(PillowReferenceTest.class, BASE + "cases.tsv");
    }

    private static byte[] bytes(String name) {
        return TestResources.bytes(PillowReferenceTest.class, BASE + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesExactlyAsPillow(String line) throws IOException {
        String[] f = line.split("\t");
        String name = f[0];
        int w = Integer.parseInt(f[1]);
        int h = Integer.parseInt(f[2]);
        Path file = dir.resolve(name);
        Files.write(file, bytes(name));
        byte[] expected = bytes(name + ".rgb");
        BufferedImage img = ImageDecoder.defaults().decode(file);
        assertThat(img.getWidth()).as("width of %s (Pillow mode %s)", name, f[3]).isEqualTo(w);
        assertThat(img.getHeight()).as("height of %s", name).isEqualTo(h);
        int maxDiff = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int i = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    int v = (p >> (16 - 8 * c)) & 0xFF;
                    maxDiff = Math.max(maxDiff, Math.abs(v - (expected[i + c] & 0xFF)));
                }
            }
        }
        assertThat(maxDiff).as("largest 8-bit difference from Pillow for %s (mode %s)", name, f[3]).isZero();
    }
}
