package dev.autodistill4j.trainers;

import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.testing.BaseModelProviderContract;
import dev.autodistill4j.trainers.testing.SyntheticDatasets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code target} provider meets the framework's provider contract, serving a trained linear probe. */
class TargetModelProviderTest extends BaseModelProviderContract {
    private static Path modelDir;

    private static synchronized Path model() {
        if (modelDir == null) {
            try {
                Path root = Files.createTempDirectory("target-provider-");
                Path ds = SyntheticDatasets.write(root.resolve("data"), List.of("blue", "red"), 8, 4, 0, 11);
                modelDir = TargetTrainers.discover().find("linear-probe").train(TrainingRequest.builder(ds, root.resolve("model"))
                        .baseModel("colour-features").build()).modelDir();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return modelDir;
    }

    @Override
    protected BaseModelProvider provider() {
        return new TargetModelProvider();
    }

    @Override
    protected ModelRequest workingRequest() {
        return ModelRequest.of(model().toString());
    }

    /** A linear probe takes the base model to embed with. */
    @Override
    protected List<String> knownOptions() {
        return List.of("base-model");
    }

    /** cnn and student models run on a GPU; a linear probe's base model is asked for one. */
    @Override
    protected boolean runsOnGpu() {
        return true;
    }

    /** Trained target models classify into their own classes; they do not embed. */
    @Override
    protected boolean embeds() {
        return false;
    }

    @Override
    protected boolean acceptsAnyOntology() {
        return false;
    }

    @Test
    void loadsThroughTheRegistryWithATargetSpec() {
        try (var m = BaseModelRegistry.discover().load("target:" + model(), null)) {
            assertThat(m.info().provider()).isEqualTo("target");
            assertThat(m.info().details()).containsEntry("trainer", "linear-probe");
        }
    }

    @Test
    void acceptsAnOntologyWithTheSameClassesAndRejectsOtherClasses() {
        try (var m = new TargetModelProvider().load(new ModelRequest(model().toString(),
                CaptionOntology.ofClasses(List.of("red", "blue")), null, Map.of()))) {
            assertThat(m).isNotNull();
        }
        assertThatThrownBy(() -> new TargetModelProvider().load(new ModelRequest(model().toString(),
                CaptionOntology.ofClasses(List.of("cat", "dog")), null, Map.of())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("[blue, red]");
    }

    @Test
    void aFolderThatIsNotAModelSaysSo() throws IOException {
        Path empty = Files.createTempDirectory("not-a-model");
        assertThatThrownBy(() -> new TargetModelProvider().load(ModelRequest.of(empty.toString())))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("model.json");
        assertThatThrownBy(() -> new TargetModelProvider().load(ModelRequest.of("")))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("target:/path");
    }
}
