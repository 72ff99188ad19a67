package dev.autodistill4j.runtime.image;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte-array path of {@link PilRgb#fromImage} (8-bit interleaved RGB/RGBA: every baseline JPEG) gives the
 * raw samples, alpha dropped — the values of the per-sample loop it replaces — including for a sub-image,
 * whose raster is offset into its parent's bytes (that one goes through the general loop).
 */
class PilRgbInterleavedTest {

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR})
    void interleavedBytesAreTheRawSamples(int type) {
        BufferedImage image = new BufferedImage(37, 23, type);
        Random r = new Random(type);
        int[] expected = new int[37 * 23];
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                int rgb = r.nextInt(1 << 24);
                int alpha = type == BufferedImage.TYPE_4BYTE_ABGR ? r.nextInt(256) : 255;
                image.getRaster().setPixel(x, y, type == BufferedImage.TYPE_4BYTE_ABGR
                        ? new int[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF, alpha}
                        : new int[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF});
                expected[y * 37 + x] = rgb;
            }
        }
        assertThat(PilRgb.fromImage(image)).containsExactly(expected);

        BufferedImage sub = image.getSubimage(5, 3, 20, 11);
        int[] subExpected = new int[20 * 11];
        for (int y = 0; y < 11; y++) {
            System.arraycopy(expected, (y + 3) * 37 + 5, subExpected, y * 20, 20);
        }
        assertThat(PilRgb.fromImage(sub)).containsExactly(subExpected);
    }
}
