package dev.autodistill4j.trainers.testing;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test provider {@code colour-features}: a real, deterministic embedding model whose vectors are the mean RGB
 * of a 3×3 grid of cells plus a colour histogram (so colour classes are linearly separable) — enough to train
 * and serve a linear probe without MetaCLIP weights. It counts images embedded so tests can prove caching.
 */
public final class ColourFeaturesProvider implements BaseModelProvider {
    /** Images embedded since the JVM started (all instances). */
    public static final AtomicInteger EMBEDDED = new AtomicInteger();

    @Override
    public String name() {
        return "colour-features";
    }

    @Override
    public String description() {
        return "test double: grid mean-RGB + hue histogram embeddings";
    }

    @Override
    public List<String> references() {
        return List.of("(none)");
    }

    @Override
    public BaseModel load(ModelRequest request) {
        return new Model(request.reference());
    }

    static final class Model implements EmbeddingModel {
        private final String reference;

        Model(String reference) {
            this.reference = reference;
        }

        @Override
        public int embeddingDimension() {
            return 27 + 8;
        }

        @Override
        public List<float[]> embedImages(List<BufferedImage> images) {
            List<float[]> out = new ArrayList<>();
            for (BufferedImage img : images) {
                out.add(features(img));
                EMBEDDED.incrementAndGet();
            }
            return out;
        }

        private static float[] features(BufferedImage img) {
            float[] f = new float[35];
            int w = img.getWidth();
            int h = img.getHeight();
            int[] counts = new int[9];
            int bright = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = img.getRGB(x, y);
                    int r = (p >> 16) & 0xff;
                    int g = (p >> 8) & 0xff;
                    int b = p & 0xff;
                    int cell = Math.min(2, 3 * y / h) * 3 + Math.min(2, 3 * x / w);
                    f[cell * 3] += r / 255f;
                    f[cell * 3 + 1] += g / 255f;
                    f[cell * 3 + 2] += b / 255f;
                    counts[cell]++;
                    if (Math.max(r, Math.max(g, b)) > 100) {
                        float[] hsb = java.awt.Color.RGBtoHSB(r, g, b, null);
                        f[27 + Math.min(7, (int) (hsb[0] * 8))] += 1;
                        bright++;
                    }
                }
            }
            for (int c = 0; c < 9; c++) {
                for (int k = 0; k < 3; k++) {
                    f[c * 3 + k] = counts[c] == 0 ? 0 : f[c * 3 + k] / counts[c] - 0.2f;
                }
            }
            for (int k = 27; k < 35; k++) {
                f[k] = bright == 0 ? 0 : 3 * f[k] / bright;
            }
            return f;
        }

        @Override
        public List<float[]> embedTexts(List<String> texts) {
            throw new UnsupportedOperationException("colour-features embeds images only");
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo("colour-features", reference, null, null, null, Map.of("dimension", 35));
        }

        @Override
        public void close() {
        }
    }
}
