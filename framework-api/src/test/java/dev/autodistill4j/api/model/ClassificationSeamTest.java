package dev.autodistill4j.api.model;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The classification seam (issue 21): a model gives evidence only — a distribution per image, no threshold — and
 * {@link ClassificationBaseModel#predictBatch} makes the decision, the same for every model.
 */
class ClassificationSeamTest {

    /** Answers a fixed distribution for every image; records what it was asked. */
    static final class FixedEvidence implements ClassificationBaseModel {
        private final float[] distribution;
        private final int extra;
        final List<ClassificationRequest> requests = new ArrayList<>();

        FixedEvidence(float[] distribution, int extra) {
            this.distribution = distribution;
            this.extra = extra;
        }

        @Override
        public Ontology ontology() {
            return CaptionOntology.ofClasses(List.of("cat", "dog", "bird"));
        }

        @Override
        public ClassificationResponse classify(ClassificationRequest request) {
            requests.add(request);
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < request.images().size() + extra; i++) {
                out.add(distribution.clone());
            }
            return new ClassificationResponse(out);
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo("fixed", "", null, null, null, Map.of());
        }

        @Override
        public void close() {
        }
    }

    private static BufferedImage image() {
        return new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    }

    @Test
    void theThresholdIsTheCallersAndTheDistributionIsKeptWhole() {
        FixedEvidence model = new FixedEvidence(new float[] {0.6f, 0.3f, 0.1f}, 0);
        List<Classifications> strict = model.predictBatch(List.of(image(), image()), 0.7);
        assertThat(strict).hasSize(2);
        assertThat(strict.get(0).hasLabel()).as("nothing is > 0.7").isFalse();
        assertThat(strict.get(0).topClass()).isEqualTo("cat");
        assertThat(strict.get(0).distribution()).containsExactly(0.6f, 0.3f, 0.1f);
        Classifications loose = model.predict(image(), 0.2);
        assertThat(loose.classIds()).containsExactly(0, 1);
        assertThat(model.requests).extracting(r -> r.images().size()).containsExactly(2, 1);
    }

    @Test
    void evidenceForAnotherNumberOfImagesIsRefusedNamingTheModel() {
        FixedEvidence model = new FixedEvidence(new float[] {1, 0, 0}, 1);
        assertThatThrownBy(() -> model.predictBatch(List.of(image()), 0.5))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("fixed")
                .hasMessageContaining("2 distributions for 1 images");
    }

    @Test
    void theRecordsCopyTheirLists() {
        List<BufferedImage> images = new ArrayList<>(List.of(image()));
        ClassificationRequest request = new ClassificationRequest(images);
        images.clear();
        assertThat(request.images()).hasSize(1);
        List<float[]> d = new ArrayList<>(List.of(new float[] {1f}));
        ClassificationResponse response = new ClassificationResponse(d);
        d.clear();
        assertThat(response.distributions()).hasSize(1);
    }
}
