package dev.autodistill4j.examples;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.runtime.models.BaseModelRegistry;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Example 2 of the MetaCLIP article: compute text and image embeddings and compare them (cosine similarity).
 *
 * <pre>
 * java ... dev.autodistill4j.examples.CompareEmbeddings metaclip:../shared/fixtures/shapes/shapes-clip \
 *     img1.png img2.png -- "a photo of a red circle." "a photo of a blue star."
 * </pre>
 */
public final class CompareEmbeddings {
    private CompareEmbeddings() {
    }

    /**
     * @param imageImage {@code [i][j]} = cos(image i, image j)
     * @param imageText  {@code [i][t]} = cos(image i, text t)
     */
    public record Similarities(int dimension, float[][] imageImage, float[][] imageText) {
    }

    public static Similarities compare(String modelSpec, List<Path> images, List<String> texts) {
        try (BaseModel model = BaseModelRegistry.discover().load(modelSpec, null)) {
            if (!(model instanceof EmbeddingModel embedder)) {
                throw new ModelLoadException(modelSpec + " cannot compute embeddings");
            }
            List<BufferedImage> decoded = new ArrayList<>();
            for (Path p : images) {
                decoded.add(ImageDecoder.defaults().decode(p));
            }
            List<float[]> imageVectors = embedder.embedImages(decoded);
            List<float[]> textVectors = embedder.embedTexts(texts);
            return new Similarities(embedder.embeddingDimension(), embedder.compare(imageVectors, imageVectors),
                    embedder.compare(imageVectors, textVectors));
        }
    }

    public static void main(String[] args) {
        int sep = Arrays.asList(args).indexOf("--");
        if (args.length < 2 || sep < 0) {
            System.err.println("usage: CompareEmbeddings MODEL IMAGE... -- TEXT...");
            System.exit(2);
        }
        List<Path> images = Arrays.stream(args, 1, sep).map(Path::of).toList();
        List<String> texts = Arrays.asList(args).subList(sep + 1, args.length);
        Similarities s = compare(args[0], images, texts);
        System.out.println("embedding dimension " + s.dimension());
        for (int i = 0; i < images.size(); i++) {
            for (int t = 0; t < texts.size(); t++) {
                System.out.printf("cos(%s, \"%s\") = %.4f%n", images.get(i).getFileName(), texts.get(t),
                        s.imageText()[i][t]);
            }
            for (int j = i + 1; j < images.size(); j++) {
                System.out.printf("cos(%s, %s) = %.4f%n", images.get(i).getFileName(), images.get(j).getFileName(),
                        s.imageImage()[i][j]);
            }
        }
    }
}
