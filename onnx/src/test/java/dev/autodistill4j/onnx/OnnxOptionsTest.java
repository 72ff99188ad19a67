package dev.autodistill4j.onnx;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The onnx provider's own options (issue 21): an unknown key is refused with onnx's list ({@code threads},
 * {@code spin}, {@code batch}), not metaclip's, and the zero-shot settings are the runtime's, recorded under the
 * keys the provider used to record them.
 */
class OnnxOptionsTest {
    private static final BaseModelRegistry REGISTRY = BaseModelRegistry.of(List.of(new OnnxProvider()));

    private static ModelRequest request(Map<String, String> options) {
        return new ModelRequest(OnnxProviderTest.export().toString(), null, null, options);
    }

    @Test
    void anUnknownOptionListsOnnxsOwnOptions() {
        assertThatThrownBy(() -> new OnnxProvider().load(request(Map.of("foo", "1"))))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unknown onnx option 'foo'")
                .hasMessageContaining("threads=").hasMessageContaining("spin=true|false")
                .hasMessageContaining("batch=").hasMessageContaining("aggregation=")
                .hasMessageNotContaining("metaclip");
    }

    @Test
    void theRuntimeClassifiesAndRecordsTheKeysTheProviderRecorded() {
        CaptionOntology o = CaptionOntology.of(Map.of("a photo of a cat", "cat", "a photo of a dog", "dog"));
        ModelRequest r = request(Map.of("threads", "1", "aggregation", "mean")).withOntology(o);
        try (BaseModel m = REGISTRY.load(OnnxProvider.NAME + ":" + r.reference(), r)) {
            assertThat(m).isInstanceOf(ClassificationBaseModel.class);
            // the keys the provider wrote before the runtime classified
            assertThat(m.info().details().keySet()).containsExactlyInAnyOrder("architecture", "device", "precision", "engine",
                    "intra_op_threads", "spin_wait", "source_reference", "source_sha256", "aggregation", "templates",
                    "logit_scale");
            assertThat(m.info().details()).containsEntry("aggregation", "mean").containsEntry("templates", "none");
        }
    }
}
