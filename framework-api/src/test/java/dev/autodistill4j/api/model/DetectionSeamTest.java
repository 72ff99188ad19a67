package dev.autodistill4j.api.model;

import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The detection seam: a detector written against framework-api alone, and the records' checks. */
class DetectionSeamTest {

    /** Finds the bounding box of the non-black pixels; certain it is a "thing". */
    static final class FakeDetector implements DetectionModel {
        @Override
        public Ontology ontology() {
            return CaptionOntology.ofClasses(List.of("thing", "background"));
        }

        @Override
        public List<Detections> detect(DetectionRequest request) {
            return request.images().stream().map(FakeDetector::detect).toList();
        }

        private static Detections detect(BufferedImage img) {
            int x0 = img.getWidth();
            int y0 = img.getHeight();
            int x1 = -1;
            int y1 = -1;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    if ((img.getRGB(x, y) & 0xFFFFFF) != 0) {
                        x0 = Math.min(x0, x);
                        y0 = Math.min(y0, y);
                        x1 = Math.max(x1, x);
                        y1 = Math.max(y1, y);
                    }
                }
            }
            return x1 < 0 ? new Detections(List.of())
                    : new Detections(List.of(new Detection(x0, y0, x1 - x0 + 1, y1 - y0 + 1, new float[] {1, 0})));
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo("fake-detector", "", null, null, null, java.util.Map.of());
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aDetectorNeedsOnlyTheApiAndReturnsBoxesWithDistributions() {
        BufferedImage img = new BufferedImage(10, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 2; y < 5; y++) {
            for (int x = 3; x < 7; x++) {
                img.setRGB(x, y, 0xFF0000);
            }
        }
        BufferedImage black = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        try (DetectionModel d = new FakeDetector()) {
            List<Detections> out = d.detect(new DetectionRequest(List.of(img, black)));
            assertThat(out).hasSize(2);
            assertThat(out.get(0).boxes()).containsExactly(new Detection(3, 2, 4, 3, new float[] {1, 0}));
            assertThat(out.get(1).boxes()).isEmpty();
        }
    }

    @Test
    void boxesWithoutAreaOrWithNonFiniteScoresAreRefused() {
        assertThatThrownBy(() -> new Detection(0, 0, 0, 3, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive size");
        assertThatThrownBy(() -> new Detection(0, 0, 2, 3, new float[] {Float.NaN}))
                .hasMessageContaining("detection");
        float[] scores = {0.25f, 0.75f};
        Detection d = new Detection(0, 0, 2, 3, scores);
        scores[0] = 9;
        assertThat(d.distribution()).containsExactly(0.25f, 0.75f);
    }
}
