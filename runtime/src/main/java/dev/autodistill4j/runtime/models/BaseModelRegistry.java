package dev.autodistill4j.runtime.models;

import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.api.spi.ModelLoader;
import dev.autodistill4j.api.spi.ModelSpec;
import dev.autodistill4j.api.spi.NamedServices;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.DetectionModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.runtime.zeroshot.CaptionClassificationModel;
import dev.autodistill4j.runtime.zeroshot.ZeroShotSettings;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.reference.ReferenceClassificationModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;

import java.util.List;

/**
 * The {@link BaseModelProvider}s on the class path, by name.
 *
 * <p>Discovery is strict on purpose: two jars claiming one provider name would make {@code --model NAME}
 * depend on class-path order, so that is an error naming both classes and the jars they came from; a name that
 * is not lower-case letters, digits, '-', '_' or '.' is refused because it could not be typed in a spec.
 */
public final class BaseModelRegistry implements ModelLoader {
    private static final String KIND = "model provider";

    private final NamedServices<BaseModelProvider> providers;

    private BaseModelRegistry(NamedServices<BaseModelProvider> providers) {
        this.providers = providers;
    }

    /**
     * Providers found with {@link java.util.ServiceLoader} through the context class loader: the public static
     * entry for library users, and what composition roots call (the CLI's {@code Autodistill4jModule}, a Spark
     * executor's model cache). Library code takes a registry instead of calling this, so one invocation has one.
     */
    public static BaseModelRegistry discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return discover(cl != null ? cl : BaseModelRegistry.class.getClassLoader());
    }

    /** Providers found with {@link java.util.ServiceLoader} through {@code loader}. */
    public static BaseModelRegistry discover(ClassLoader loader) {
        return new BaseModelRegistry(NamedServices.load(BaseModelProvider.class, loader, KIND, ModelLoadException::new));
    }

    /** A registry of the given providers (tests, embedding applications). */
    public static BaseModelRegistry of(List<? extends BaseModelProvider> providers) {
        return new BaseModelRegistry(NamedServices.of(KIND, providers, ModelLoadException::new));
    }

    /** The provider called {@code name} (case-insensitive). */
    public BaseModelProvider provider(String name) {
        return providers.get(new ModelSpec(name, null).provider());
    }

    /** All providers, sorted by name. */
    public List<BaseModelProvider> providers() {
        return providers.all();
    }

    /** Provider names, sorted. */
    public List<String> names() {
        return providers.names();
    }

    /**
     * Loads {@code spec} ({@code provider[:reference]}); the reference in the spec replaces the one in
     * {@code request}. Failures that are not already user errors are wrapped in a {@link ModelLoadException}
     * naming the spec, so the CLI never shows a bare stack trace for a bad model.
     */
    public BaseModel load(String spec, ModelRequest request) {
        ModelSpec parsed = ModelSpec.parse(spec);
        BaseModelProvider provider = provider(parsed.provider());
        ModelRequest effective = request == null
                ? ModelRequest.of(parsed.reference())
                : new ModelRequest(parsed.reference(), request.ontology(), request.device(), request.options());
        ZeroShotSettings settings = ZeroShotSettings.from(effective.options()); // before any weights are read
        if (effective.ontology() instanceof ReferenceOntology references) {
            return withReferences(parsed, provider, effective, references, settings);
        }
        try {
            BaseModel model = provider.load(effective, this);
            if (model == null) {
                throw new ModelLoadException("provider '" + parsed.provider() + "' returned no model for '" + parsed + "'");
            }
            return withCaptions(model, effective, settings);
        } catch (Autodistill4jException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("could not load model '" + parsed + "': " + e, e);
        }
    }

    /**
     * Loads {@code spec} and returns it as {@code capability} (e.g. {@link EmbeddingModel}); a model without that
     * capability is closed before the error, so a wrong {@code --model} never leaks native memory. The one place
     * that does "load, check the capability, close it if not" for every caller.
     *
     * @throws ModelLoadException naming the spec and what the model cannot do
     */
    public <T extends BaseModel> T load(String spec, Class<T> capability, ModelRequest request) {
        BaseModel model = load(spec, request);
        if (capability.isInstance(model)) {
            return capability.cast(model);
        }
        model.close();
        throw new ModelLoadException("model '" + spec + "' cannot " + BaseModels.describe(capability)
                + ": choose a model that can (see `autodistill4j models`), such as metaclip");
    }

    /**
     * Loads {@code spec} as a {@link DetectionModel} (the boxes of {@code label-regions}); anything else is closed
     * and refused naming the provider and what its model is, so a classifier given as a detector fails before
     * any image is read.
     *
     * @throws ModelLoadException naming the spec, its provider and what that provider returned
     */
    public DetectionModel detector(String spec, ModelRequest request) {
        BaseModel model = load(spec, request);
        if (model instanceof DetectionModel detector) {
            return detector;
        }
        model.close();
        List<String> can = new java.util.ArrayList<>();
        if (model instanceof ClassificationBaseModel) {
            can.add("classifies images");
        }
        if (model instanceof EmbeddingModel) {
            can.add("computes embeddings");
        }
        throw new ModelLoadException("model '" + spec + "' is not a detector: provider '"
                + ModelSpec.parse(spec).provider() + "' returns a " + model.getClass().getSimpleName()
                + (can.isEmpty() ? "" : " (it " + String.join(" and ", can) + ")") + ", not a DetectionModel: "
                + "give `detector` a provider whose models find boxes (see `autodistill4j models`)");
    }

    /**
     * The runtime decides for a provider that only gives evidence: when the request carries a caption ontology
     * and the model embeds but does not classify, a {@link CaptionClassificationModel} classifies zero-shot on
     * top of it (the request's {@link ZeroShotSettings}, the model's own logit scale). Models that classify
     * themselves are returned as they are.
     */
    private static BaseModel withCaptions(BaseModel model, ModelRequest request, ZeroShotSettings settings) {
        if (request.ontology() == null || model instanceof ClassificationBaseModel
                || !(model instanceof EmbeddingModel embedder)) {
            return model;
        }
        try {
            return CaptionClassificationModel.wrap(embedder, request.ontology(), settings);
        } catch (RuntimeException e) {
            embedder.close();
            throw e;
        }
    }

    /**
     * A {@link ReferenceOntology} is classified the same way for every provider: the provider loads its
     * embedding model (no ontology) and a {@link ReferenceClassificationModel} classifies on top of it.
     */
    private BaseModel withReferences(ModelSpec spec, BaseModelProvider provider, ModelRequest request,
                                     ReferenceOntology references, ZeroShotSettings settings) {
        BaseModel model;
        try {
            // not load(spec, EmbeddingModel.class, …): own message
            model = provider.load(request.withOntology(null), this);
        } catch (Autodistill4jException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("could not load model '" + spec + "': " + e, e);
        }
        if (!(model instanceof EmbeddingModel embedder)) {
            if (model != null) {
                model.close();
            }
            throw new ModelLoadException("model '" + spec + "' cannot compute embeddings, so it cannot use an "
                    + "ontology defined by example images or vectors: choose an embedding model such as metaclip");
        }
        try {
            return ReferenceClassificationModel.wrap(embedder, references, settings);
        } catch (RuntimeException e) {
            embedder.close();
            throw e;
        }
    }
}
