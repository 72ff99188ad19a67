package dev.autodistill4j.search;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real, deterministic embedding model for tests: an image embeds to its mean colour, a text to the colour
 * its words name. Cheap and exact, so tests can assert which images a query must find.
 */
public final class ColourModel implements EmbeddingModel {
    private final String reference;
    private final int dimension;

    public ColourModel() {
        this("colours-v1", 4);
    }

    ColourModel(String reference, int dimension) {
        this.reference = reference;
        this.dimension = dimension;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("test-colour", reference, null, null, null, Map.of());
    }

    @Override
    public int embeddingDimension() {
        return dimension;
    }

    @Override
    public List<float[]> embedImages(List<BufferedImage> images) {
        List<float[]> out = new ArrayList<>();
        for (BufferedImage img : images) {
            double r = 0;
            double g = 0;
            double b = 0;
            int n = img.getWidth() * img.getHeight();
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int p = img.getRGB(x, y);
                    r += (p >> 16 & 255) / 255.0;
                    g += (p >> 8 & 255) / 255.0;
                    b += (p & 255) / 255.0;
                }
            }
            out.add(vector(r / n, g / n, b / n));
        }
        return out;
    }

    @Override
    public List<float[]> embedTexts(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
            double r = 0;
            double g = 0;
            double b = 0;
            if (t.contains("red")) {
                r += 1;
            }
            if (t.contains("green")) {
                g += 1;
            }
            if (t.contains("blue")) {
                b += 1;
            }
            if (t.contains("yellow")) {
                r += 1;
                g += 1;
            }
            out.add(vector(r, g, b));
        }
        return out;
    }

    private float[] vector(double r, double g, double b) {
        float[] v = new float[dimension];
        v[0] = (float) r;
        v[1] = (float) g;
        v[2] = (float) b;
        v[3] = 0.05f;
        return v;
    }

    @Override
    public void close() {
    }
}
