package dev.autodistill4j.metaclip.preprocess;

import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClipImagePreprocessorTest {

    private static BufferedImage noise(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        return img;
    }

    @Test
    void constantImageStaysConstantThroughBicubic() {
        int[] flat = new int[50 * 30];
        Arrays.fill(flat, 0x336699);
        for (int[] size : new int[][] {{7, 5}, {120, 90}, {50, 31}, {13, 30}}) {
            int[] out = PillowBicubic.resize(flat, 50, 30, size[0], size[1]);
            assertThat(out).hasSize(size[0] * size[1]).containsOnly(0x336699);
        }
    }

    @Test
    void regionEqualsCropOfTheFullResize() {
        Random r = new Random(9);
        for (int trial = 0; trial < 30; trial++) {
            int w = 1 + r.nextInt(60);
            int h = 1 + r.nextInt(60);
            int[] px = new int[w * h];
            for (int i = 0; i < px.length; i++) {
                px[i] = r.nextInt(0x1000000);
            }
            int outW = 1 + r.nextInt(50);
            int outH = 1 + r.nextInt(50);
            int[] full = PillowBicubic.resize(px, w, h, outW, outH);
            int rw = 1 + r.nextInt(outW);
            int rh = 1 + r.nextInt(outH);
            int x0 = r.nextInt(outW - rw + 1);
            int y0 = r.nextInt(outH - rh + 1);
            int[] region = PillowBicubic.resizeRegion(px, w, h, outW, outH, x0, y0, rw, rh);
            for (int y = 0; y < rh; y++) {
                for (int x = 0; x < rw; x++) {
                    assertThat(region[y * rw + x]).isEqualTo(full[(y + y0) * outW + x + x0]);
                }
            }
        }
    }

    @Test
    void coefficientsAreNormalisedAndWidenWhenShrinking() {
        PillowBicubic.Coefficients up = PillowBicubic.coefficients(10, 40);
        PillowBicubic.Coefficients down = PillowBicubic.coefficients(40, 10);
        assertThat(up.ksize()).isEqualTo(5); // support 2 -> 2*2+1
        assertThat(down.ksize()).isEqualTo(17); // support 2*4 = 8 -> 2*8+1
        for (PillowBicubic.Coefficients c : List.of(up, down)) {
            int out = c.bounds().length / 2;
            for (int i = 0; i < out; i++) {
                long sum = 0;
                for (int k = 0; k < c.bounds()[2 * i + 1]; k++) {
                    sum += c.kk()[i * c.ksize() + k];
                }
                assertThat((double) sum).isCloseTo(1 << 22, within(4.0));
            }
        }
        assertThat(PillowBicubic.bicubic(0)).isEqualTo(1.0);
        assertThat(PillowBicubic.bicubic(1)).isEqualTo(0.0);
        assertThat(PillowBicubic.bicubic(0.5)).isEqualTo(0.5625);
        assertThat(PillowBicubic.bicubic(1.5)).isEqualTo(-0.0625);
        assertThat(PillowBicubic.bicubic(2.5)).isEqualTo(0.0);
    }

    @Test
    void resizeKeepsTorchvisionShortSideRuleAndCrops() {
        PreprocessorConfig cfg = new PreprocessorConfig(10, 10, 10, PreprocessorConfig.clipMean(),
                PreprocessorConfig.clipStd());
        ClipImagePreprocessor p = new ClipImagePreprocessor(cfg);
        assertThat(p.resizeAndCrop(noise(31, 17, 1))).hasSize(100);
        assertThat(p.resizeAndCrop(noise(3, 50, 2))).hasSize(100);
        assertThat(p.valuesPerImage()).isEqualTo(300);
    }

    @Test
    void centerCropUsesPythonRoundHalfToEven() {
        int[] col = new int[8];
        for (int i = 0; i < 8; i++) {
            col[i] = i;
        }
        // 1 column wide, height 8 cropped to 7: (8-7)/2 = 0.5 -> round -> 0
        assertThat(ClipImagePreprocessor.centerCrop(col, 1, 8, 1, 7)).startsWith(0);
        // height 8 cropped to 5: 1.5 -> 2
        assertThat(ClipImagePreprocessor.centerCrop(col, 1, 8, 1, 5)).startsWith(2);
        // height 8 cropped to 3: 2.5 -> 2 (not 3)
        assertThat(ClipImagePreprocessor.centerCrop(col, 1, 8, 1, 3)).containsExactly(2, 3, 4);
    }

    @Test
    void cropLargerThanImageIsZeroPaddedLikeTorchvision() {
        int[] px = {0x010101, 0x020202};
        int[] out = ClipImagePreprocessor.centerCrop(px, 2, 1, 5, 1);
        // pad left (5-2)//2 = 1, right (5-2+1)//2 = 2
        assertThat(out).containsExactly(0, 0x010101, 0x020202, 0, 0);
    }

    @Test
    void normalisesWithMeanAndStdInChannelMajorOrder() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, 0xFF8000);
            }
        }
        float[] mean = {0.5f, 0.25f, 0.0f};
        float[] std = {0.5f, 0.5f, 1.0f};
        float[] v = new ClipImagePreprocessor(new PreprocessorConfig(4, 4, 4, mean, std)).preprocess(img);
        assertThat(v).hasSize(48);
        assertThat(v[0]).isEqualTo(((255f / 255f) - 0.5f) / 0.5f);
        assertThat(v[16]).isEqualTo(((128f / 255f) - 0.25f) / 0.5f);
        assertThat(v[32]).isEqualTo(0f);
    }

    @Test
    void batchIsTheConcatenationOfSingles() {
        ClipImagePreprocessor p = new ClipImagePreprocessor(PreprocessorConfig.clipDefaults(16));
        BufferedImage a = noise(40, 20, 3);
        BufferedImage b = noise(17, 33, 4);
        float[] batch = p.preprocessBatch(List.of(a, b));
        float[] first = p.preprocess(a);
        float[] second = p.preprocess(b);
        assertThat(Arrays.copyOfRange(batch, 0, first.length)).containsExactly(first);
        assertThat(Arrays.copyOfRange(batch, first.length, batch.length)).containsExactly(second);
    }

    @Test
    void nonIntRgbImagesAreAccepted() {
        BufferedImage bgr = new BufferedImage(20, 20, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage rgb = noise(20, 20, 5);
        bgr.getGraphics().drawImage(rgb, 0, 0, null);
        ClipImagePreprocessor p = new ClipImagePreprocessor(PreprocessorConfig.clipDefaults(8));
        assertThat(p.preprocess(bgr)).containsExactly(p.preprocess(rgb));
    }
}
