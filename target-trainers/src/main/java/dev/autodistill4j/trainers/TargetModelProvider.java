package dev.autodistill4j.trainers;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.KnownOptions;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.api.spi.ModelLoader;
import dev.autodistill4j.api.spi.ThreadSafety;
import dev.autodistill4j.trainers.data.EmbeddingModelSupplier;
import dev.autodistill4j.trainers.model.BaseModelReference;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.nio.file.Path;
import java.util.List;

/**
 * Provider {@code target}: {@code --model target:/path/to/model-dir} loads a trained model as a
 * {@link dev.autodistill4j.api.model.ClassificationBaseModel}, so {@code predict} and {@code label} use a
 * distilled model exactly like a foundation model. The model brings its own classes; an ontology in the
 * request is ignored unless its set of classes differs, which is an error (the model cannot learn new classes).
 *
 * <p>A trained model that reads another model's embeddings (a linear probe's base model) gets it from the
 * registry that is loading it ({@link #load(ModelRequest, ModelLoader)}), never from a registry of its own.
 * The trainers that read the directories are given ({@link #TargetModelProvider(TargetTrainers)}) or, for the
 * instance {@link java.util.ServiceLoader} makes, found once through this class's loader when first needed.
 */
public final class TargetModelProvider implements BaseModelProvider {
    /** The provider's name, as typed in {@code model} ({@code target:DIR}). */
    public static final String NAME = "target";
    private volatile TargetTrainers trainers;

    /** What {@link java.util.ServiceLoader} calls: the trainers on this class's loader, found on first load. */
    public TargetModelProvider() {
        this.trainers = null;
    }

    /** Reads model directories with {@code trainers} (the invocation's, or a test's). */
    public TargetModelProvider(TargetTrainers trainers) {
        this.trainers = java.util.Objects.requireNonNull(trainers, "trainers");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a model trained by 'train' (linear-probe or cnn), loaded from its directory";
    }

    @Override
    public List<String> references() {
        return List.of("<path to a model directory written by 'train `out`'>");
    }

    /** A target model embeds with its base model, whose provider's thread-safety is not known before loading. */
    @Override
    public ThreadSafety threadSafety() {
        return ThreadSafety.NOT_THREAD_SAFE;
    }

    /**
     * A direct call, with no registry: base models come from the public entry,
     * {@link EmbeddingModelSupplier#fromClassPath()}. Through a registry, {@link #load(ModelRequest, ModelLoader)}.
     */
    @Override
    public BaseModel load(ModelRequest request) throws ModelLoadException {
        return load(request, EmbeddingModelSupplier.fromClassPath());
    }

    @Override
    public BaseModel load(ModelRequest request, ModelLoader models) throws ModelLoadException {
        return load(request, EmbeddingModelSupplier.from(models));
    }

    private BaseModel load(ModelRequest request, EmbeddingModelSupplier embeddings) {
        String ref = request.reference();
        if (ref == null || ref.isBlank()) {
            throw new ModelLoadException("provider 'target' needs a model directory: `model` target:/path/to/model");
        }
        TargetModelDirectory dir = TargetModelDirectory.open(Path.of(ref));
        if (BaseModelReference.overridden(request) && dir.preprocessing().path("base_model").asText("").isEmpty()) {
            throw new ModelLoadException("`base-model` was given but target model " + dir.dir() + " ('"
                    + dir.trainer() + "') embeds with no base model: leave `base-model` out");
        }
        TargetTrainer trainer;
        try {
            trainer = trainers().find(dir.trainer());
        } catch (TrainingException e) {
            throw new ModelLoadException("target model " + dir.dir() + " was made by trainer '" + dir.trainer()
                    + "', which is not on the class path; available: " + trainers().names(), e);
        }
        KnownOptions.require(name(), request.options(), trainer.modelOptions());
        if (!trainer.openVocabulary() && request.ontology() != null && !new java.util.HashSet<>(request.ontology().classes()).equals(new java.util.HashSet<>(dir.classes()))) {
            throw new ModelLoadException("target model " + dir.dir() + " predicts " + dir.classes()
                    + " but the ontology asks for " + request.ontology().classes()
                    + ": a trained model brings its own classes; leave `ontology` out (or retrain it on these classes)");
        }
        return trainer.load(dir, request, embeddings);
    }

    private TargetTrainers trainers() {
        TargetTrainers t = trainers;
        if (t == null) { // a benign race: two threads may both discover; each result is complete and equal
            t = TargetTrainers.discover(TargetModelProvider.class.getClassLoader());
            trainers = t;
        }
        return t;
    }
}
