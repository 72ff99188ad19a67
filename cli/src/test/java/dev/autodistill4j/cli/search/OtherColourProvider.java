package dev.autodistill4j.cli.search;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test provider {@code test-other}: a second, different 8-dimensional embedding model (mean RGB in a different
 * layout), so the tests can prove an index refuses embeddings of another model.
 */
public final class OtherColourProvider implements BaseModelProvider {
    @Override
    public String name() {
        return "test-other";
    }

    @Override
    public String description() {
        return "test-only mean-colour embedder, incompatible with test-colour";
    }

    @Override
    public List<String> references() {
        return List.of("default");
    }

    @Override
    public BaseModel load(ModelRequest request) {
        ModelInfo info = new ModelInfo(name(), "default", null, "0123456789abcdef", null, Map.of());
        return new EmbeddingModel() {
            @Override
            public int embeddingDimension() {
                return 8;
            }

            @Override
            public List<float[]> embedImages(List<BufferedImage> images) {
                List<float[]> out = new ArrayList<>();
                for (BufferedImage img : images) {
                    int p = img.getRGB(0, 0);
                    out.add(new float[] {0, 0, 0, 0, 0, p >> 16 & 255, p >> 8 & 255, (p & 255) + 1});
                }
                return out;
            }

            @Override
            public List<float[]> embedTexts(List<String> texts) {
                return texts.stream().map(t -> new float[] {1, 0, 0, 0, 0, 0, 0, 0}).toList();
            }

            @Override
            public ModelInfo info() {
                return info;
            }

            @Override
            public void close() {
            }
        };
    }
}
