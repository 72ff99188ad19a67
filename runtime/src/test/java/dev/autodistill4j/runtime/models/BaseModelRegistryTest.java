package dev.autodistill4j.runtime.models;

import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.api.spi.ModelSpec;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.testing.ColourHistogramProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaseModelRegistryTest {

    /** A second class claiming the test provider's name, as a duplicate jar would. */
    static final class Impostor implements BaseModelProvider {
        private final String name;

        Impostor(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "impostor";
        }

        @Override
        public List<String> references() {
            return List.of();
        }

        @Override
        public BaseModel load(ModelRequest request) {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void discoversProvidersThroughServiceLoader() {
        BaseModelRegistry r = BaseModelRegistry.discover();
        assertThat(r.names()).contains("test-colour");
        assertThat(r.provider("TEST-COLOUR")).isInstanceOf(ColourHistogramProvider.class);
    }

    @Test
    void unknownNameListsAvailableNames() {
        assertThatThrownBy(() -> BaseModelRegistry.discover().provider("nope"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("available: ").hasMessageContaining("test-colour");
    }

    @Test
    void twoProvidersWithOneNameNameBothClasses() {
        assertThatThrownBy(() -> BaseModelRegistry.of(List.of(new ColourHistogramProvider(), new Impostor("test-colour"))))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(ColourHistogramProvider.class.getName())
                .hasMessageContaining(Impostor.class.getName())
                .hasMessageContaining("file:");
    }

    @Test
    void invalidProviderNameIsRefused() {
        assertThatThrownBy(() -> BaseModelRegistry.of(List.of(new Impostor("Has Space"))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("'Has Space'");
    }

    @Test
    void loadsBySpecPassingReferenceAndOntology() {
        BaseModelRegistry r = BaseModelRegistry.discover();
        CaptionOntology o = CaptionOntology.ofClasses(List.of("red", "green"));
        try (BaseModel m = r.load("test-colour:default", new ModelRequest("ignored", o, null, null))) {
            assertThat(m.info().spec()).isEqualTo("test-colour:default");
            assertThat(((ClassificationBaseModel) m).ontology()).isEqualTo(o);
        }
        assertThatThrownBy(() -> r.load("test-colour:other", null)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'other'");
    }

    @Test
    void providerBugsBecomeModelLoadExceptions() {
        BaseModelRegistry r = BaseModelRegistry.of(List.of(new Impostor("impostor")));
        assertThatThrownBy(() -> r.load("impostor:x", null)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("impostor:x").hasMessageContaining("boom");
    }

    @Test
    void specParsesFirstColonOnly() {
        assertThat(ModelSpec.parse("metaclip")).isEqualTo(new ModelSpec("metaclip", null));
        assertThat(ModelSpec.parse("MetaCLIP:hf:facebook/metaclip-b32-400m@main"))
                .isEqualTo(new ModelSpec("metaclip", "hf:facebook/metaclip-b32-400m@main"));
        assertThat(ModelSpec.parse("metaclip:/a/B:c").reference()).isEqualTo("/a/B:c");
        assertThat(ModelSpec.parse("metaclip:").reference()).isNull();
        assertThatThrownBy(() -> ModelSpec.parse(":x")).isInstanceOf(ModelLoadException.class);
        assertThatThrownBy(() -> ModelSpec.parse(" ")).isInstanceOf(ModelLoadException.class);
    }
}
