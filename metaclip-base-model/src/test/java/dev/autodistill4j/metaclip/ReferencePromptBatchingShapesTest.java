package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.reference.ReferenceClassifier;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue #19 item 14 on a real text tower (the shapes CLIP): batching the prompts of all classes of a
 * {@code classes:} ontology gives the text prototypes one call per class gave (to float rounding).
 */
class ReferencePromptBatchingShapesTest {
    @Test
    void batchedPromptPrototypesMatchOneCallPerClass() {
        Path shapes = Fixtures.resolve("shapes");
        ReferenceOntology.Builder b = ReferenceOntology.builder();
        for (String colour : List.of("red", "green", "blue", "yellow")) {
            for (String shape : List.of("circle", "square", "triangle", "star")) {
                b.prompts(colour + "_" + shape, List.of("a photo of a " + colour + " " + shape + ".",
                        "a " + colour + " " + shape, "something " + colour + " and " + shape + "-shaped"));
            }
        }
        ReferenceOntology ontology = b.build();
        ModelRequest request = new ModelRequest(shapes.resolve("shapes-clip").toString(), null, null, Map.of());
        try (EmbeddingModel model = (EmbeddingModel) new MetaclipProvider().load(request)) {
            ReferenceClassifier batched = ReferenceClassifier.build(model, ontology, ImageDecoder.defaults());
            for (ReferenceOntology.ClassDefinition d : ontology.definitions()) {
                List<float[]> own = model.embedTexts(d.prompts()); // the per-class call of before
                float[] sum = new float[own.get(0).length];
                for (float[] v : own) {
                    float[] n = Embeddings.normalize(v);
                    for (int i = 0; i < n.length; i++) {
                        sum[i] += n[i];
                    }
                }
                float[] expected = Embeddings.normalize(
                        Embeddings.normalize(sum));
                float[] actual = batched.queryVector(d.name());
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("%s[%d]", d.name(), i).isCloseTo(expected[i], within(1e-5f));
                }
            }
        }
    }
}
