package dev.autodistill4j.runtime.reference;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.ontology.OntologyException;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #19 item 14: a {@code classes:} ontology embeds the prompts of all its classes in batches through the
 * text-embedding batch API (it made one model call per class: 1,000 prompt-only classes took 226 s against
 * 48 s for the same caption ontology), with exactly the prototypes a call per class gives.
 */
class ReferencePromptBatchingTest {
    static final int DIM = 16;

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    /** Embeds each text on its own (a seeded vector per text), counting the calls and the largest batch. */
    static final class CountingModel implements EmbeddingModel {
        int textCalls;
        int imageCalls;
        int largestBatch;
        String nanFor;

        @Override
        public int embeddingDimension() {
            return DIM;
        }

        @Override
        public List<float[]> embedImages(List<BufferedImage> images) {
            imageCalls++;
            largestBatch = Math.max(largestBatch, images.size());
            return images.stream().map(img -> vector("rgb " + img.getRGB(0, 0))).toList();
        }

        @Override
        public List<float[]> embedTexts(List<String> texts) {
            textCalls++;
            largestBatch = Math.max(largestBatch, texts.size());
            List<float[]> out = new ArrayList<>();
            for (String t : texts) {
                out.add(vector(t));
            }
            return out;
        }

        float[] vector(String text) {
            Random r = new Random(text.hashCode());
            float[] v = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                v[i] = text.equals(nanFor) ? Float.NaN : (float) r.nextGaussian();
            }
            return v;
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo("counting", null, null, null, null, Map.of());
        }

        @Override
        public void close() {
        }
    }

    static ReferenceOntology ontology(int classes) {
        ReferenceOntology.Builder b = ReferenceOntology.builder();
        for (int c = 0; c < classes; c++) {
            List<String> prompts = new ArrayList<>();
            for (int p = 0; p <= c % 3; p++) {
                prompts.add("a photo of thing " + c + " variant " + p);
            }
            b.prompts("thing " + c, prompts);
            if (c % 7 == 0) {
                b.vectors("thing " + c, List.of(new CountingModel().vector("example " + c)));
            }
        }
        return b.build();
    }

    @Test
    void promptsOfAllClassesGoToTheModelInBatches() {
        ReferenceOntology ontology = ontology(1000);
        CountingModel model = new CountingModel();
        ReferenceClassifier classifier = ReferenceClassifier.build(model, ontology, ImageDecoder.defaults());
        int prompts = ontology.prompts().size();
        assertThat(prompts).isEqualTo(1999);
        assertThat(model.textCalls).as("batches of at most " + ReferenceClassifier.TEXT_BATCH + ", not a call per class")
                .isEqualTo((prompts + ReferenceClassifier.TEXT_BATCH - 1) / ReferenceClassifier.TEXT_BATCH);
        assertThat(model.largestBatch).isLessThanOrEqualTo(ReferenceClassifier.TEXT_BATCH);

        // the per-class computation the classifier did before: one call per class, same formula
        CountingModel perClass = new CountingModel();
        Random r = new Random(7);
        for (int q = 0; q < 5; q++) {
            float[] x = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                x[i] = (float) r.nextGaussian();
            }
            float[] logits = classifier.logits(x);
            for (int c = 0; c < ontology.classes().size(); c++) {
                ReferenceOntology.ClassDefinition d = ontology.definitions().get(c);
                float[] text = ReferenceClassifier.meanDirection(perClass.embedTexts(d.prompts()));
                float[] xn = Embeddings.normalize(x);
                double sum = Embeddings.dot(xn, text);
                int n = 1;
                if (d.hasExamples()) {
                    sum += Embeddings.dot(xn, ReferenceClassifier.meanDirection(d.vectors()));
                    n++;
                }
                assertThat(logits[c]).as("class %d", c).isEqualTo((float) (model.logitScale() * sum / n));
            }
        }
    }

    @Test
    void referenceImagesOfAllClassesAreEmbeddedInBatchesToo() throws Exception {
        ReferenceOntology.Builder b = ReferenceOntology.builder();
        for (int c = 0; c < 100; c++) {
            Path img = tmp.resolve("refs/" + c + ".png");
            ReferenceClassifierTest.solid(img, c * 0x010203);
            b.images("thing " + c, List.of(img));
        }
        ReferenceOntology ontology = b.build();
        CountingModel model = new CountingModel();
        ReferenceClassifier classifier = ReferenceClassifier.build(model, ontology, ImageDecoder.defaults());
        assertThat(model.imageCalls).isEqualTo(2);
        assertThat(model.largestBatch).isLessThanOrEqualTo(ReferenceClassifier.IMAGE_BATCH);
        for (int c = 0; c < 100; c++) {
            float[] own = model.vector("rgb " + (0xFF000000 | (c * 0x010203)));
            assertThat(classifier.queryVector("thing " + c)).as("class %d", c)
                    .containsExactly(ReferenceClassifier.meanDirection(List.of(
                            ReferenceClassifier.meanDirection(List.of(own)))));
        }
    }

    @Test
    void aNonFinitePromptEmbeddingNamesTheClassAndPrompt() {
        CountingModel model = new CountingModel();
        model.nanFor = "a photo of thing 5 variant 2";
        assertThatThrownBy(() -> ReferenceClassifier.build(model, ontology(10), ImageDecoder.defaults()))
                .isInstanceOf(OntologyException.class).hasMessageContaining("thing 5")
                .hasMessageContaining("a photo of thing 5 variant 2").hasMessageContaining("non-finite");
    }
}
