package dev.autodistill4j.runtime.zeroshot;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The worked example of docs/architecture.md: a complete second provider that only gives evidence — a 2×2×2 RGB
 * histogram for an image, the one-hot cell of its colour word for a text — and not a line of classification
 * code. The runtime classifies it into caption and {@code classes:} ontologies.
 */
final class HistogramEmbedder implements EmbeddingModel {
    static final String NAME = "histogram";
    private static final List<String> COLOURS = List.of("black", "blue", "green", "cyan", "red", "magenta",
            "yellow", "white");

    /** The provider: loads one, whatever the request's ontology (the runtime handles that). */
    static final class Provider implements BaseModelProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "colour histograms as embeddings (test scope)";
        }

        @Override
        public List<String> references() {
            return List.of("(none)");
        }

        @Override
        public BaseModel load(ModelRequest request) {
            return new HistogramEmbedder();
        }
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo(NAME, "", null, null, null, Map.of());
    }

    @Override
    public double logitScale() {
        return 10;
    }

    @Override
    public int embeddingDimension() {
        return 8;
    }

    @Override
    public List<float[]> embedImages(List<BufferedImage> images) {
        List<float[]> out = new ArrayList<>();
        for (BufferedImage img : images) {
            float[] h = new float[8];
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int rgb = img.getRGB(x, y);
                    h[(((rgb >> 16) & 0xff) >= 128 ? 4 : 0) | (((rgb >> 8) & 0xff) >= 128 ? 2 : 0)
                            | ((rgb & 0xff) >= 128 ? 1 : 0)]++;
                }
            }
            out.add(h);
        }
        return out;
    }

    @Override
    public List<float[]> embedTexts(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
            float[] v = new float[8];
            for (String word : t.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                int cell = COLOURS.indexOf(word);
                if (cell >= 0) {
                    v[cell] = 1;
                    break;
                }
            }
            out.add(v);
        }
        return out;
    }

    @Override
    public void close() {
        // nothing native
    }
}
