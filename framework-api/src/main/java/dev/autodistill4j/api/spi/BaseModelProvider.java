package dev.autodistill4j.api.spi;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;

import java.util.List;

/**
 * Service-provider interface for model families, found with {@link java.util.ServiceLoader}: a jar that lists
 * its implementation in {@code META-INF/services/dev.autodistill4j.api.spi.BaseModelProvider} adds a
 * provider name usable as {@code --model NAME[:REFERENCE]}.
 *
 * <p>Implementations need a public no-argument constructor and must be cheap to construct: loading happens
 * in {@link #load}.
 */
public interface BaseModelProvider extends NamedService {

    /** Unique, lower-case name, e.g. {@code metaclip}. Two providers with one name are an error. */
    String name();

    /** One line for {@code autodistill4j models}. */
    String description();

    /** References this provider understands (aliases, forms like {@code hf:<org>/<repo>}), for help output. */
    List<String> references();

    /** Licence note shown by {@code autodistill4j models}, or null. */
    default String license() {
        return null;
    }

    /**
     * Whether the models this provider loads may be called from several threads at once; declared before
     * loading, so a caller can decide how to share one model. The default, {@link ThreadSafety#UNDECLARED}, is
     * treated as not thread-safe; the provider contract ({@code BaseModelProviderContract}) fails on it and, for
     * {@link ThreadSafety#THREAD_SAFE}, checks it with concurrent calls.
     */
    default ThreadSafety threadSafety() {
        return ThreadSafety.UNDECLARED;
    }

    /**
     * Loads a model. The returned object implements the capabilities it has
     * ({@link dev.autodistill4j.api.model.ClassificationBaseModel} when the request carries an ontology or the
     * model brings its own classes, {@link dev.autodistill4j.api.model.EmbeddingModel} when it can embed,
     * {@link dev.autodistill4j.api.model.DetectionModel} when it finds boxes — evidence only: the runtime applies
     * thresholds and suppression).
     *
     * @throws ModelLoadException naming the file or reference and the fix
     */
    BaseModel load(ModelRequest request) throws ModelLoadException;

    /**
     * Loads a model, given the registry that is loading it, which the runtime always calls. A provider whose
     * models load other models (a trained model's base model) overrides this and loads them through
     * {@code models}, so one registry serves a whole invocation; every other provider keeps this default.
     */
    default BaseModel load(ModelRequest request, ModelLoader models) throws ModelLoadException {
        return load(request);
    }
}
