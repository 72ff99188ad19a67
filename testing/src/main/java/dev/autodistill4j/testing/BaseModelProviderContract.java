package dev.autodistill4j.testing;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.api.spi.NamedServices;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link BaseModelProvider} must do; each provider's test extends this class and supplies a
 * provider and a request that loads a real (small) model — skip with {@code Assumptions} inside
 * {@link #workingRequest()} when its fixture is unavailable.
 *
 * <p>Checked: discoverable through {@code ServiceLoader} under a unique lower-case name; a description and
 * the references it accepts; a bad reference fails with {@link ModelLoadException} naming the reference; a
 * loaded model's {@link ModelInfo} is complete (provider, checkpoint file exists and its sha256 is 64 hex
 * digits when one is named); classification answers cover every class of the ontology with probabilities in
 * [0, 1]; embeddings have the declared dimension; {@code close()} may be called twice.
 */
public abstract class BaseModelProviderContract {

    /** A fresh instance of the provider under test. */
    protected abstract BaseModelProvider provider();

    /** A request that loads a real model (may call {@code Fixtures.root()} or skip with Assumptions). */
    protected abstract ModelRequest workingRequest();

    /** A reference that cannot possibly load. */
    protected String badReference() {
        return "/no/such/model-" + UUID.randomUUID();
    }

    /** The ontology a classification request carries when the provider needs one. */
    protected Ontology sampleOntology() {
        return CaptionOntology.ofClasses(List.of("cat", "dog"));
    }

    /** A text to embed. */
    protected String sampleText() {
        return "a photo of a cat";
    }

    /** A small image to run the model on. */
    protected BufferedImage sampleImage() {
        BufferedImage img = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, (x * 8) << 16 | (y * 10) << 8 | 128);
            }
        }
        return img;
    }

    @Test
    void nameIsLowerCaseAndDiscoveredThroughServiceLoader() {
        String name = provider().name();
        assertThat(name).matches("[a-z0-9][a-z0-9._-]*");
        NamedServices<BaseModelProvider> found = NamedServices.load(BaseModelProvider.class,
                getClass().getClassLoader(), "model provider");
        assertThat(found.get(name)).isInstanceOf(provider().getClass());
    }

    @Test
    void describesItselfAndItsReferences() {
        BaseModelProvider p = provider();
        assertThat(p.description()).isNotBlank();
        assertThat(p.references()).isNotNull().isNotEmpty().allSatisfy(r -> assertThat(r).isNotBlank());
    }

    @Test
    void badReferenceFailsWithModelLoadExceptionNamingIt() {
        String bad = badReference();
        ModelRequest request = new ModelRequest(bad, sampleOntology(), null, java.util.Map.of());
        assertThatThrownBy(() -> {
            try (BaseModel m = provider().load(request)) {
                m.info();
            }
        }).isInstanceOf(ModelLoadException.class).hasMessageContaining(bad);
    }

    @Test
    void loadedModelHasCompleteInfo() throws Exception {
        try (BaseModel m = provider().load(workingRequest())) {
            ModelInfo info = m.info();
            assertThat(info).isNotNull();
            assertThat(info.provider()).isEqualTo(provider().name());
            assertThat(info.details()).isNotNull();
            if (info.checkpoint() != null) {
                assertThat(Files.exists(Path.of(info.checkpoint()))).as("checkpoint %s exists", info.checkpoint())
                        .isTrue();
                assertThat(info.checkpointSha256()).as("sha256 of the checkpoint").matches("[0-9a-f]{64}");
            }
            assertThat(m).as("a model implements at least one capability")
                    .isInstanceOfAny(ClassificationBaseModel.class, EmbeddingModel.class);
        }
    }

    @Test
    void classificationCoversEveryClass() {
        try (BaseModel m = provider().load(workingRequest())) {
            if (m instanceof ClassificationBaseModel c) {
                List<String> classes = c.ontology().classes();
                List<Classifications> out = c.predictBatch(List.of(sampleImage(), sampleImage()), 0.0);
                assertThat(out).hasSize(2);
                for (Classifications r : out) {
                    assertThat(r.classes()).isEqualTo(classes);
                    for (float p : r.distribution()) {
                        assertThat(p).isBetween(0f, 1.0001f);
                    }
                }
                assertThat(out.get(0).distribution()).containsExactly(out.get(1).distribution());
                assertThat(c.predict(sampleImage(), 1.0).hasLabel()).as("nothing is > 1.0").isFalse();
            }
        }
    }

    @Test
    void embeddingsHaveTheDeclaredDimension() {
        try (BaseModel m = provider().load(workingRequest())) {
            if (m instanceof EmbeddingModel e) {
                assertThat(e.embeddingDimension()).isPositive();
                assertThat(e.embedImage(sampleImage())).hasSize(e.embeddingDimension());
                assertThat(e.embedText(sampleText())).hasSize(e.embeddingDimension());
                assertThat(e.embedImages(List.of(sampleImage(), sampleImage()))).hasSize(2);
            }
        }
    }

    @Test
    void closesCleanlyEvenTwice() {
        BaseModel m = provider().load(workingRequest());
        assertThatCode(m::close).doesNotThrowAnyException();
        assertThatCode(m::close).as("close() is idempotent").doesNotThrowAnyException();
    }
}
