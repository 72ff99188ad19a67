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
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link BaseModelProvider} must do; each provider's test extends this class and supplies a
 * provider and a request that loads a real (small) model — skip with {@code Assumptions} inside
 * {@link #workingRequest()} when its fixture is unavailable.
 *
 * <p>Capability gates ({@link #classifies()}, {@link #embeds()}, {@link #acceptsAnyOntology()}) default to
 * "supported", so a provider that lacks a capability fails loudly until its test says so by overriding the
 * gate — a missing capability is never a silent pass. A gate set to "unsupported" is checked too: the model must
 * then really not offer it.
 *
 * <p>Checked: discoverable by name under a unique lower-case name; a description and the references it accepts;
 * a bad reference fails with {@link ModelLoadException} naming it; complete {@link ModelInfo}; classification
 * covers the requested ontology's classes in order, probabilities in [0, 1] summing to 1, a batch equals its
 * items one by one and keeps their order, a threshold above 1 labels nothing; the no-ontology path loads;
 * embeddings have the declared dimension, are finite, deterministic, and a batch equals its items;
 * {@code close()} may be called twice.
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

    /** A second ontology, different from {@link #sampleOntology()}, for the "requested ontology" check. */
    protected Ontology otherOntology() {
        return CaptionOntology.ofClasses(List.of("zebra", "apple", "mountain"));
    }

    /** A text to embed. */
    protected String sampleText() {
        return "a photo of a cat";
    }

    /** A small image to run the model on. */
    protected BufferedImage sampleImage() {
        return gradient(8, 10, 128);
    }

    /** A second image, different from {@link #sampleImage()}, for order and batch checks. */
    protected BufferedImage otherImage() {
        return gradient(3, 2, 240);
    }

    /** Gate: models of this provider classify images (default: yes). */
    protected boolean classifies() {
        return true;
    }

    /** Gate: models of this provider embed images and texts (default: yes). */
    protected boolean embeds() {
        return true;
    }

    /**
     * Gate: a classifier takes whatever ontology the request carries (default: yes). Providers whose models have
     * their own fixed classes (trained target models) say no.
     */
    protected boolean acceptsAnyOntology() {
        return true;
    }

    /** Gate: class scores are a probability distribution that sums to 1 (default: yes). */
    protected boolean probabilitiesSumToOne() {
        return true;
    }

    /** Tolerance for "a batch equals its items one by one" (batched kernels may round differently). */
    protected double batchTolerance() {
        return 1e-5;
    }

    private static BufferedImage gradient(int xStep, int yStep, int blue) {
        BufferedImage img = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, ((x * xStep) & 0xFF) << 16 | ((y * yStep) & 0xFF) << 8 | blue);
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
    void capabilityGatesTellTheTruth() {
        try (BaseModel m = provider().load(workingRequest())) {
            assertThat(m instanceof ClassificationBaseModel).as("classifies() says %s: override the gate if the "
                    + "provider's models do not classify", classifies()).isEqualTo(classifies());
            assertThat(m instanceof EmbeddingModel).as("embeds() says %s: override the gate if the provider's "
                    + "models do not embed", embeds()).isEqualTo(embeds());
        }
    }

    @Test
    void classificationIsADistributionOverTheOntologyInOrder() {
        assumeTrue(classifies(), "the provider declares that its models do not classify");
        try (ClassificationBaseModel c = (ClassificationBaseModel) provider().load(workingRequest())) {
            List<String> classes = c.ontology().classes();
            assertThat(classes).isNotEmpty();
            List<Classifications> out = c.predictBatch(List.of(sampleImage(), sampleImage()), 0.0);
            assertThat(out).hasSize(2);
            for (Classifications r : out) {
                assertThat(r.classes()).isEqualTo(classes);
                double sum = 0;
                for (float p : r.distribution()) {
                    assertThat(p).isBetween(0f, 1.0001f);
                    sum += p;
                }
                if (probabilitiesSumToOne()) {
                    assertThat(sum).as("class probabilities sum to 1").isCloseTo(1.0, within(1e-4));
                }
            }
            assertThat(out.get(0).distribution()).containsExactly(out.get(1).distribution());
            assertThat(c.predict(sampleImage(), 1.0).hasLabel()).as("nothing is > 1.0").isFalse();
        }
    }

    @Test
    void aBatchEqualsItsItemsOneByOneAndKeepsTheirOrder() {
        assumeTrue(classifies(), "the provider declares that its models do not classify");
        try (ClassificationBaseModel c = (ClassificationBaseModel) provider().load(workingRequest())) {
            float[] a = c.predict(sampleImage(), 0.0).distribution();
            float[] b = c.predict(otherImage(), 0.0).distribution();
            List<Classifications> ab = c.predictBatch(List.of(sampleImage(), otherImage()), 0.0);
            List<Classifications> ba = c.predictBatch(List.of(otherImage(), sampleImage()), 0.0);
            assertClose(ab.get(0).distribution(), a);
            assertClose(ab.get(1).distribution(), b);
            assertClose(ba.get(0).distribution(), b);
            assertClose(ba.get(1).distribution(), a);
        }
    }

    @Test
    void theRequestedOntologyIsHonoured() {
        assumeTrue(classifies(), "the provider declares that its models do not classify");
        assumeTrue(acceptsAnyOntology(), "the provider's models have their own fixed classes");
        Ontology other = otherOntology();
        try (ClassificationBaseModel c = (ClassificationBaseModel) provider().load(
                workingRequest().withOntology(other))) {
            assertThat(c.ontology().classes()).as("the classes asked for, in their order")
                    .isEqualTo(other.classes());
            assertThat(c.predict(sampleImage(), 0.0).classes()).isEqualTo(other.classes());
        }
    }

    @Test
    void loadsWithoutAnOntology() {
        try (BaseModel m = provider().load(workingRequest().withOntology(null))) {
            assertThat(m).as("a model implements at least one capability")
                    .isInstanceOfAny(ClassificationBaseModel.class, EmbeddingModel.class);
            if (m instanceof EmbeddingModel e) {
                assertThat(e.embedImage(sampleImage())).as("embeds without an ontology")
                        .hasSize(e.embeddingDimension());
            } else {
                ClassificationBaseModel c = (ClassificationBaseModel) m;
                assertThat(c.ontology().classes()).as("a classifier-only model without a requested ontology "
                        + "uses its own classes").isNotEmpty();
            }
        }
    }

    @Test
    void embeddingsHaveTheDeclaredDimensionAndAreDeterministic() {
        assumeTrue(embeds(), "the provider declares that its models do not embed");
        try (EmbeddingModel e = (EmbeddingModel) provider().load(workingRequest())) {
            assertThat(e.embeddingDimension()).isPositive();
            float[] image = e.embedImage(sampleImage());
            assertThat(image).hasSize(e.embeddingDimension());
            for (float v : image) {
                assertThat(Float.isFinite(v)).as("finite embedding values").isTrue();
            }
            assertThat(e.embedImage(sampleImage())).as("the same image twice").containsExactly(image);
            assertThat(e.embedText(sampleText())).hasSize(e.embeddingDimension());
            List<float[]> batch = e.embedImages(List.of(sampleImage(), otherImage()));
            assertThat(batch).hasSize(2);
            assertClose(batch.get(0), image);
            assertClose(batch.get(1), e.embedImage(otherImage()));
        }
    }

    private void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(batchTolerance()));
        }
    }

    @Test
    void closesCleanlyEvenTwice() {
        BaseModel m = provider().load(workingRequest());
        assertThatCode(m::close).doesNotThrowAnyException();
        assertThatCode(m::close).as("close() is idempotent").doesNotThrowAnyException();
    }
}
