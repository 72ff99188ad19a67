package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The details a labelling run records for metaclip (run.json's {@code model.details}) keep their keys now that the
 * runtime classifies (the list is the one metaclip wrote before issue 21; {@code ModelInfo} keeps no key order).
 */
class RunDetailsKeysTest {
    private static final List<String> BEFORE = List.of("architecture", "family", "tokenizer", "device", "precision",
            "engine", "engine_id", "aggregation", "templates", "logit_scale");

    private static ModelRequest request(Map<String, String> options) {
        return new ModelRequest(Fixtures.resolve("clip/tiny-clip").toString(), null, null, options);
    }

    @Test
    void aCaptionOntologyRecordsTheKeysMetaclipRecorded() {
        CaptionOntology o = CaptionOntology.of(Map.of("a photo of a cat", "cat", "a photo of a dog", "dog"));
        try (BaseModel m = ThroughRuntime.load(request(Map.of("aggregation", "max")).withOntology(o))) {
            assertThat(m.info().details().keySet()).containsExactlyInAnyOrderElementsOf(BEFORE);
            assertThat(m.info().details()).containsEntry("aggregation", "max").containsEntry("templates", "none");
        }
    }

    @Test
    void aClassesOntologyAddsTheClassifierAsBefore() {
        ReferenceOntology o = ReferenceOntology.builder().prompts("cat", List.of("a cat"))
                .prompts("dog", List.of("a dog")).build();
        try (BaseModel m = ThroughRuntime.load(request(Map.of()).withOntology(o))) {
            List<String> expected = new java.util.ArrayList<>(BEFORE);
            expected.add("classifier");
            assertThat(m.info().details().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
