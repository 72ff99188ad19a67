package dev.autodistill4j.runtime.zeroshot;

import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.PromptAggregation;
import dev.autodistill4j.api.ontology.CaptionOntology;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Zero-shot arithmetic with a hand-made embedder whose answers are known exactly (moved here with the classifier
 * from metaclip's {@code ZeroShotClassifierTest}, assertions unchanged).
 */
class CaptionClassifierTest {
    // prompt → embedding: two prompts for "cat" pointing roughly along x, one "dog" along y
    private static final Map<String, float[]> VECTORS = Map.of(
            "a cat", new float[] {2, 0, 0},
            "a kitten", new float[] {1, 1, 0},
            "a dog", new float[] {0, 3, 0},
            "a photo of a cat", new float[] {1, 0, 0},
            "a drawing of a cat", new float[] {0, 0, 5});

    private final List<List<String>> calls = new ArrayList<>();

    /** Text embeddings from {@link #VECTORS}, each call recorded; {@code logitScale} as given. */
    private EmbeddingModel embedder(double logitScale) {
        return new EmbeddingModel() {
            @Override
            public double logitScale() {
                return logitScale;
            }

            @Override
            public int embeddingDimension() {
                return 3;
            }

            @Override
            public List<float[]> embedImages(List<BufferedImage> images) {
                throw new UnsupportedOperationException("texts only");
            }

            @Override
            public List<float[]> embedTexts(List<String> texts) {
                calls.add(texts);
                return texts.stream().map(VECTORS::get).toList();
            }

            @Override
            public ModelInfo info() {
                return new ModelInfo("vectors", null, null, null, null, Map.of());
            }

            @Override
            public void close() {
            }
        };
    }

    /** The decision the runtime makes on the classifier's evidence. */
    private static Classifications decide(CaptionClassifier c, float[] image, double confidence) {
        return Classifications.fromDistribution(c.ontology().classes(), c.distribution(image), confidence);
    }

    private static CaptionOntology ontology() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a cat", "cat");
        m.put("a dog", "dog");
        m.put("a kitten", "cat");
        return CaptionOntology.of(m);
    }

    @Test
    void softmaxRunsOverAllPromptsAndSumCombinesThemPerClass() {
        CaptionClassifier c = CaptionClassifier.build(embedder(10), ontology(), List.of(), PromptAggregation.SUM);
        float[] image = {1, 0, 0};
        // cosines: cat 1, dog 0, kitten 1/sqrt2
        double ec = Math.exp(10);
        double ed = Math.exp(0);
        double ek = Math.exp(10 / Math.sqrt(2));
        double z = ec + ed + ek;
        assertThat(c.promptLogits(image)).containsExactly(new float[] {10f, 0f, (float) (10 / Math.sqrt(2))},
                within(1e-5f));
        Classifications r = decide(c, image, 0.5);
        assertThat(r.classes()).containsExactly("cat", "dog");
        assertThat(r.distribution()[0]).isCloseTo((float) ((ec + ek) / z), within(1e-6f));
        assertThat(r.distribution()[1]).isCloseTo((float) (ed / z), within(1e-6f));
        assertThat(r.distribution()[0] + r.distribution()[1]).isCloseTo(1f, within(1e-6f));
        assertThat(r.classIds()).containsExactly(0);
        assertThat(calls).as("prompt features are computed once, at build time").hasSize(1);
        decide(c, new float[] {0, 1, 0}, 0.5);
        assertThat(calls).hasSize(1);
    }

    @Test
    void maxAndMeanAggregationsUseTheSamePromptDistribution() {
        float[] image = {1, 0, 0};
        float[] prompts = CaptionClassifier.build(embedder(10), ontology(), List.of(), PromptAggregation.SUM)
                .promptProbabilities(image);
        float[] max = CaptionClassifier.build(embedder(10), ontology(), List.of(), PromptAggregation.MAX)
                .distribution(image);
        float[] mean = CaptionClassifier.build(embedder(10), ontology(), List.of(), PromptAggregation.MEAN)
                .distribution(image);
        assertThat(max[0]).isEqualTo(Math.max(prompts[0], prompts[2]));
        assertThat(mean[0]).isCloseTo((prompts[0] + prompts[2]) / 2, within(1e-7f));
        assertThat(max[1]).isEqualTo(prompts[1]);
    }

    @Test
    void templatesAreAveragedAfterNormalisingEachEmbedding() {
        CaptionOntology o = CaptionOntology.of(Map.of("cat", "cat"));
        CaptionClassifier c = CaptionClassifier.build(embedder(1), o,
                List.of("a photo of a {}", "a drawing of a {}"), PromptAggregation.SUM);
        assertThat(calls.get(0)).containsExactly("a photo of a cat", "a drawing of a cat");
        // normalised (1,0,0) and (0,0,1) average to (0.5,0,0.5), renormalised to (1/sqrt2, 0, 1/sqrt2)
        assertThat(c.promptLogits(new float[] {1, 0, 0})[0]).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
        assertThat(c.promptLogits(new float[] {0, 0, 7})[0]).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
    }
}
