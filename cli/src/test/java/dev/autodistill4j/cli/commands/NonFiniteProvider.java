package dev.autodistill4j.cli.commands;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ClassificationRequest;
import dev.autodistill4j.api.model.ClassificationResponse;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.api.spi.BaseModelProvider;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Test provider {@code test-nonfinite}: a model whose numbers overflow for some inputs — a black image and any
 * text containing "nan" — as a model with finite but diverged weights would. The other inputs get ordinary
 * numbers, so the tests can check that nothing non-finite is ever written while the rest still works.
 */
public final class NonFiniteProvider implements BaseModelProvider {
    @Override
    public String name() {
        return "test-nonfinite";
    }

    @Override
    public String description() {
        return "test-only model producing NaN for black images and texts containing 'nan'";
    }

    @Override
    public List<String> references() {
        return List.of("default");
    }

    @Override
    public BaseModel load(ModelRequest request) {
        return new Model(request.ontology());
    }

    private static final class Model implements ClassificationBaseModel, EmbeddingModel {
        private final Ontology ontology;
        private final ModelInfo info = new ModelInfo("test-nonfinite", "default", null, "feedface", null, Map.of());

        Model(Ontology ontology) {
            this.ontology = ontology;
        }

        private static float[] vector(boolean broken, int seed) {
            float[] v = new float[4];
            Arrays.fill(v, broken ? Float.NaN : 0.1f);
            v[seed & 3] = broken ? Float.POSITIVE_INFINITY : 1;
            return v;
        }

        private static boolean black(BufferedImage img) {
            return (img.getRGB(0, 0) & 0xFFFFFF) == 0;
        }

        @Override
        public Ontology ontology() {
            return ontology;
        }

        @Override
        public ClassificationResponse classify(ClassificationRequest request) {
            List<float[]> out = new ArrayList<>();
            int n = ontology.classes().size();
            for (BufferedImage img : request.images()) {
                float[] d = new float[n];
                Arrays.fill(d, black(img) ? Float.NaN : 1f / n);
                out.add(d);
            }
            return new ClassificationResponse(out);
        }

        @Override
        public int embeddingDimension() {
            return 4;
        }

        @Override
        public List<float[]> embedImages(List<BufferedImage> images) {
            return images.stream().map(img -> vector(black(img), img.getRGB(0, 0))).toList();
        }

        @Override
        public List<float[]> embedTexts(List<String> texts) {
            return texts.stream().map(t -> vector(t.contains("nan"), t.length())).toList();
        }

        @Override
        public ModelInfo info() {
            return info;
        }

        @Override
        public void close() {
        }
    }
}
