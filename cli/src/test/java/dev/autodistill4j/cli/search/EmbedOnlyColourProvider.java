package dev.autodistill4j.cli.search;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.testing.ColourHistogramProvider;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * Test provider {@code test-embed-only}: {@code test-colour}'s embeddings (images and texts in one 8-d colour
 * space) behind an {@link EmbeddingModel} and nothing else, so every classification the CLI does with it is the
 * runtime's — the worked example of docs/architecture.md through the commands.
 */
public final class EmbedOnlyColourProvider implements BaseModelProvider {
    public static final String NAME = "test-embed-only";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test-only colour embedder that does not classify (the runtime does)";
    }

    @Override
    public List<String> references() {
        return List.of("default");
    }

    @Override
    public BaseModel load(ModelRequest request) {
        EmbeddingModel colours = (EmbeddingModel) new ColourHistogramProvider()
                .load(new ModelRequest(request.reference(), null, request.device(), Map.of()));
        ModelInfo info = new ModelInfo(NAME, "default", null, null, "Apache-2.0", Map.of());
        return new EmbeddingModel() {
            @Override
            public int embeddingDimension() {
                return colours.embeddingDimension();
            }

            @Override
            public double logitScale() {
                return colours.logitScale();
            }

            @Override
            public List<float[]> embedImages(List<BufferedImage> images) {
                return colours.embedImages(images);
            }

            @Override
            public List<float[]> embedTexts(List<String> texts) {
                return colours.embedTexts(texts);
            }

            @Override
            public ModelInfo info() {
                return info;
            }

            @Override
            public void close() {
                colours.close();
            }
        };
    }
}
