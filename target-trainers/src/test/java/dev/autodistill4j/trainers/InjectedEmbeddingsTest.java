package dev.autodistill4j.trainers;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.testing.ColourHistogramProvider;
import dev.autodistill4j.trainers.data.EmbeddingModelSupplier;
import dev.autodistill4j.trainers.linear.LinearProbeTrainer;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.testing.SyntheticDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 21, one object graph: a trainer gets its embedding model from the request's supplier and a trained model
 * gets its base model from the registry that loads it — neither builds a registry of its own. The proof is a
 * counting supplier and a registry that lacks providers the class path has: were anything discovering behind it,
 * the counts would stay 0 and the missing provider would be found.
 */
class InjectedEmbeddingsTest {
    @TempDir
    Path temp;

    /** test-colour's provider, counting what it is asked to load. */
    private static final class Counting implements BaseModelProvider {
        final ColourHistogramProvider inner = new ColourHistogramProvider();
        final AtomicInteger loads = new AtomicInteger();

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public List<String> references() {
            return inner.references();
        }

        @Override
        public BaseModel load(ModelRequest request) {
            loads.incrementAndGet();
            return inner.load(request);
        }
    }

    private Path dataset() {
        return SyntheticDatasets.write(temp.resolve("data"), List.of("blue", "red"), 8, 4, 0, 11);
    }

    @Test
    void theTrainerEmbedsWithTheSuppliedModelAndRecordsItsSpec() {
        List<String> asked = new ArrayList<>();
        EmbeddingModelSupplier supplier = (spec, device) -> {
            asked.add(spec);
            return (EmbeddingModel) new ColourHistogramProvider().load(ModelRequest.defaults().withDevice(device));
        };
        TrainingResult r = new LinearProbeTrainer().train(TrainingRequest.builder(dataset(), temp.resolve("model"))
                .baseModel("some-base:weights").embeddings(supplier).build());

        assertThat(asked).containsExactly("some-base:weights");
        TargetModelDirectory dir = TargetModelDirectory.open(r.modelDir());
        assertThat(dir.provenanceRecord().baseModel().provider()).isEqualTo(ColourHistogramProvider.NAME);
        assertThat(dir.preprocessing().path("embedding_dimension").asInt()).isEqualTo(8);
    }

    @Test
    void aSupplierThatRefusesFailsTheTrainingRatherThanAnotherRegistryAnswering() {
        EmbeddingModelSupplier refusing = (spec, device) -> {
            throw new ModelLoadException("no models here: " + spec);
        };
        assertThatThrownBy(() -> new LinearProbeTrainer().train(TrainingRequest.builder(dataset(),
                temp.resolve("model")).baseModel(ColourHistogramProvider.NAME).embeddings(refusing).build()))
                .isInstanceOf(ModelLoadException.class).hasMessage("no models here: test-colour");
    }

    @Test
    void aTrainedModelLoadsItsBaseModelThroughTheRegistryLoadingIt() {
        Counting colour = new Counting();
        BaseModelRegistry registry = BaseModelRegistry.of(List.of(colour,
                new TargetModelProvider(TargetTrainers.of(List.of(new LinearProbeTrainer())))));
        Path model = new LinearProbeTrainer().train(TrainingRequest.builder(dataset(), temp.resolve("model"))
                .baseModel(ColourHistogramProvider.NAME).embeddings(registry).build()).modelDir();
        assertThat(colour.loads).hasValue(1);

        try (BaseModel m = registry.load("target:" + model, ModelRequest.defaults())) {
            assertThat(m).isInstanceOf(ClassificationBaseModel.class);
        }
        assertThat(colour.loads).hasValue(2);

        // test-colour is on the class path, but not in this registry: nothing may find it elsewhere
        BaseModelRegistry withoutColour = BaseModelRegistry.of(List.of(
                new TargetModelProvider(TargetTrainers.of(List.of(new LinearProbeTrainer())))));
        assertThatThrownBy(() -> withoutColour.load("target:" + model, ModelRequest.defaults()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining(ColourHistogramProvider.NAME);
    }

    @Test
    void theTargetProviderReadsDirectoriesWithTheTrainersItIsGiven() {
        Path model = new LinearProbeTrainer().train(TrainingRequest.builder(dataset(), temp.resolve("model"))
                .baseModel(ColourHistogramProvider.NAME).build()).modelDir();
        BaseModelRegistry registry = BaseModelRegistry.of(List.of(new Counting(),
                new TargetModelProvider(TargetTrainers.of(List.of()))));
        assertThatThrownBy(() -> registry.load("target:" + model, ModelRequest.defaults()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("linear-probe")
                .hasMessageContaining("available: []");
    }
}
