package dev.autodistill4j.testing;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.api.spi.NamedServices;
import dev.autodistill4j.api.spi.ThreadSafety;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link BaseModelProvider} must do; each provider's test extends this class and supplies a
 * provider and a request that loads a real (small) model — skip with {@code Assumptions} inside
 * {@link #workingRequest()} when its fixture is unavailable. The model of {@link #workingRequest()} is loaded
 * once per test class ({@link #sharedModel()}) and closed after its last test; only the checks that need another
 * request (another ontology, none, a GPU, an unknown option, a bad reference) load their own.
 *
 * <p>Capability gates ({@link #classifies()}, {@link #embeds()}, {@link #acceptsAnyOntology()}) default to
 * "supported", so a provider that lacks a capability fails loudly until its test says so by overriding the
 * gate — a missing capability is never a silent pass. A gate set to "unsupported" is checked too: the model must
 * then really not offer it. {@link #runsOnGpu()} defaults to "no", so a provider that quietly accepts a GPU
 * request it cannot serve fails. {@link BaseModelProvider#threadSafety()} must be declared; when it says
 * {@link ThreadSafety#THREAD_SAFE}, several threads embed (or classify) at once and must get exactly the results
 * of one thread.
 *
 * <p>Checked: discoverable by name under a unique lower-case name; a description and the references it accepts;
 * a bad reference fails with {@link ModelLoadException} naming it; default-deny — an unknown option fails naming
 * it and listing {@link #knownOptions()}, a GPU the provider (or its engine) cannot use fails naming
 * {@code `device`} and the CPU; complete {@link ModelInfo}; classification covers the requested ontology's
 * classes in order, probabilities in [0, 1] summing to 1, a batch equals its items one by one and keeps their
 * order, a threshold above 1 labels nothing; the no-ontology path loads; embeddings have the declared dimension,
 * are finite, deterministic, and image and text batches equal their items in order; an empty batch gives an empty
 * list; {@code close()} may be called twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BaseModelProviderContract {
    private static final int THREADS = 4;
    private static final int ROUNDS = 6;

    /** The model of {@link #workingRequest()}, shared by the tests of one class. */
    private BaseModel shared;

    /** A fresh instance of the provider under test. */
    protected abstract BaseModelProvider provider();

    /** A request that loads a real model (may call {@code Fixtures.root()} or skip with Assumptions). */
    protected abstract ModelRequest workingRequest();

    /**
     * The option keys the provider takes: its unknown-option error must list each of them (write them out here
     * rather than reading the provider's own constant, so the check is independent of the code it checks).
     */
    protected abstract List<String> knownOptions();

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

    /** A second text, embedding differently from {@link #sampleText()}, for the text-batch order check. */
    protected String otherText() {
        return "a red apple on a table";
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

    /**
     * Gate: the provider runs models on a GPU when asked (default: no). Then a GPU request either loads or, where
     * the engine sees no GPU, fails with {@link ModelLoadException} naming {@code `device`}; without the gate it
     * must fail so, whatever the machine.
     */
    protected boolean runsOnGpu() {
        return false;
    }

    /** Gate: class scores are a probability distribution that sums to 1 (default: yes). */
    protected boolean probabilitiesSumToOne() {
        return true;
    }

    /** Tolerance for "a batch equals its items one by one" (batched kernels may round differently). */
    protected double batchTolerance() {
        return 1e-5;
    }

    /** The model of {@link #workingRequest()}, loaded on first use and shared by this class's tests. */
    protected final BaseModel sharedModel() {
        if (shared == null) {
            shared = provider().load(workingRequest());
        }
        return shared;
    }

    @AfterAll
    void closeTheSharedModel() {
        if (shared != null) {
            BaseModel m = shared;
            shared = null;
            m.close();
        }
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

    private static void loadAndClose(BaseModelProvider provider, ModelRequest request) {
        try (BaseModel m = provider.load(request)) {
            m.info();
        }
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
        ModelRequest request = new ModelRequest(bad, sampleOntology(), null, Map.of());
        assertThatThrownBy(() -> loadAndClose(provider(), request)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(bad);
    }

    @Test
    void anUnknownOptionIsRefusedListingTheKnownOnes() {
        ModelRequest w = workingRequest();
        Map<String, String> options = new HashMap<>(w.options());
        options.put("no-such-option", "1");
        ModelRequest request = new ModelRequest(w.reference(), w.ontology(), w.device(), options);
        assertThatThrownBy(() -> loadAndClose(provider(), request)).as("default-deny: an option the provider does "
                + "not know is an error, never ignored").isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no-such-option")
                .satisfies(e -> assertThat(e.getMessage()).as("the error lists the known options")
                        .contains(knownOptions()));
    }

    @Test
    void aGpuItCannotUseIsATypedErrorNamingTheRemedy() {
        ModelRequest gpu = workingRequest().withDevice(Device.gpu(0));
        if (!runsOnGpu()) {
            assertThatThrownBy(() -> loadAndClose(provider(), gpu)).as("runsOnGpu() says no: a GPU request must "
                    + "fail, not run on the CPU unasked").isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("`device`").hasMessageContaining("cpu");
            return;
        }
        try {
            loadAndClose(provider(), gpu);
        } catch (ModelLoadException e) {
            assertThat(e).as("no GPU visible to the engine: the error names the setting and the remedy")
                    .hasMessageContaining("`device`").hasMessageContaining("cpu");
        }
    }

    @Test
    void threadSafetyIsDeclared() {
        assertThat(provider().threadSafety()).as("override BaseModelProvider.threadSafety(): THREAD_SAFE when "
                + "several threads may call one model at once, else NOT_THREAD_SAFE")
                .isNotEqualTo(ThreadSafety.UNDECLARED);
    }

    @Test
    void aThreadSafeModelGivesEveryThreadTheResultsOfOne() throws Exception {
        assumeTrue(provider().threadSafety() == ThreadSafety.THREAD_SAFE,
                "the provider declares its models not thread-safe: callers serialise");
        BaseModel m = sharedModel();
        List<float[]> expected = ConcurrentCalls.outputs(m, sampleImage(), otherImage(), sampleText(), otherText());
        List<List<float[]>> all = ConcurrentCalls.fromThreads(THREADS, ROUNDS,
                () -> ConcurrentCalls.outputs(m, sampleImage(), otherImage(), sampleText(), otherText()));
        assertThat(all).hasSize(THREADS * ROUNDS).allSatisfy(got -> {
            assertThat(got).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(got.get(i)).as("output %d of a concurrent call", i).containsExactly(expected.get(i));
            }
        });
    }

    @Test
    void loadedModelHasCompleteInfo() {
        BaseModel m = sharedModel();
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

    @Test
    void capabilityGatesTellTheTruth() {
        BaseModel m = sharedModel();
        assertThat(m instanceof ClassificationBaseModel).as("classifies() says %s: override the gate if the "
                + "provider's models do not classify", classifies()).isEqualTo(classifies());
        assertThat(m instanceof EmbeddingModel).as("embeds() says %s: override the gate if the provider's "
                + "models do not embed", embeds()).isEqualTo(embeds());
    }

    @Test
    void classificationIsADistributionOverTheOntologyInOrder() {
        assumeTrue(classifies(), "the provider declares that its models do not classify");
        ClassificationBaseModel c = (ClassificationBaseModel) sharedModel();
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

    @Test
    void aBatchEqualsItsItemsOneByOneAndKeepsTheirOrder() {
        assumeTrue(classifies(), "the provider declares that its models do not classify");
        ClassificationBaseModel c = (ClassificationBaseModel) sharedModel();
        float[] a = c.predict(sampleImage(), 0.0).distribution();
        float[] b = c.predict(otherImage(), 0.0).distribution();
        List<Classifications> ab = c.predictBatch(List.of(sampleImage(), otherImage()), 0.0);
        List<Classifications> ba = c.predictBatch(List.of(otherImage(), sampleImage()), 0.0);
        assertClose(ab.get(0).distribution(), a);
        assertClose(ab.get(1).distribution(), b);
        assertClose(ba.get(0).distribution(), b);
        assertClose(ba.get(1).distribution(), a);
    }

    @Test
    void anEmptyBatchGivesAnEmptyList() {
        BaseModel m = sharedModel();
        if (m instanceof EmbeddingModel e) {
            assertThat(e.embedImages(List.of())).as("no images").isEmpty();
            assertThat(e.embedTexts(List.of())).as("no texts").isEmpty();
        }
        if (m instanceof ClassificationBaseModel c) {
            assertThat(c.predictBatch(List.of(), 0.5)).as("no images to classify").isEmpty();
        }
        assertThat(m).isInstanceOfAny(ClassificationBaseModel.class, EmbeddingModel.class);
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
    void loadsWithoutAnOntologyAndClosesTwice() {
        BaseModel m = provider().load(workingRequest().withOntology(null));
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
        assertThatCode(m::close).doesNotThrowAnyException();
        assertThatCode(m::close).as("close() is idempotent").doesNotThrowAnyException();
    }

    @Test
    void embeddingsHaveTheDeclaredDimensionAndAreDeterministic() {
        assumeTrue(embeds(), "the provider declares that its models do not embed");
        EmbeddingModel e = (EmbeddingModel) sharedModel();
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

    @Test
    void aTextBatchEqualsItsItemsOneByOneAndKeepsTheirOrder() {
        assumeTrue(embeds(), "the provider declares that its models do not embed");
        EmbeddingModel e = (EmbeddingModel) sharedModel();
        float[] a = e.embedText(sampleText());
        float[] b = e.embedText(otherText());
        assertThat(a).as("sampleText() and otherText() embed differently (override them if not), so the order "
                + "check means something").isNotEqualTo(b);
        List<float[]> ab = e.embedTexts(List.of(sampleText(), otherText()));
        List<float[]> ba = e.embedTexts(List.of(otherText(), sampleText()));
        assertThat(ab).hasSize(2);
        assertThat(ba).hasSize(2);
        assertClose(ab.get(0), a);
        assertClose(ab.get(1), b);
        assertClose(ba.get(0), b);
        assertClose(ba.get(1), a);
        assertThat(e.embedText(sampleText())).as("the same text twice").containsExactly(a);
    }

    private void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(batchTolerance()));
        }
    }
}
