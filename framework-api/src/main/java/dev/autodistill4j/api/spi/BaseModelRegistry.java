package dev.autodistill4j.api.spi;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.ontology.ReferenceOntology;
import dev.autodistill4j.api.reference.ReferenceClassificationModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@link BaseModelProvider}s on the class path, by name.
 *
 * <p>Discovery is strict on purpose: two jars claiming one provider name would make {@code --model NAME}
 * depend on class-path order, so that is an error naming both classes and the jars they came from; a name that
 * is not lower-case letters, digits, '-', '_' or '.' is refused because it could not be typed in a spec.
 */
public final class BaseModelRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final Map<String, BaseModelProvider> byName;

    private BaseModelRegistry(Map<String, BaseModelProvider> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Providers found with {@link ServiceLoader} through the context class loader. */
    public static BaseModelRegistry discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return discover(cl != null ? cl : BaseModelRegistry.class.getClassLoader());
    }

    /** Providers found with {@link ServiceLoader} through {@code loader}. */
    public static BaseModelRegistry discover(ClassLoader loader) {
        List<BaseModelProvider> found = new ArrayList<>();
        try {
            for (BaseModelProvider p : ServiceLoader.load(BaseModelProvider.class, loader)) {
                found.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new ModelLoadException("a model provider on the class path could not be created (" + e.getMessage()
                    + "): remove the broken jar or fix its META-INF/services entry", e);
        }
        return of(found);
    }

    /** A registry of the given providers (tests, embedding applications). */
    public static BaseModelRegistry of(List<? extends BaseModelProvider> providers) {
        Map<String, BaseModelProvider> byName = new TreeMap<>();
        for (BaseModelProvider p : providers) {
            String name = p.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new ModelLoadException("model provider " + origin(p) + " has the invalid name '" + name
                        + "': a provider name must be lower-case letters, digits, '-', '_' or '.'");
            }
            BaseModelProvider previous = byName.putIfAbsent(name, p);
            if (previous != null) {
                throw new ModelLoadException("two model providers are named '" + name + "': " + origin(previous)
                        + " and " + origin(p) + "; remove one of the jars from the class path");
            }
        }
        return new BaseModelRegistry(byName);
    }

    /** The provider called {@code name} (case-insensitive). */
    public BaseModelProvider provider(String name) {
        String key = new ModelSpec(name, null).provider();
        BaseModelProvider p = byName.get(key);
        if (p == null) {
            throw new ModelLoadException("unknown model provider '" + name + "'; available: "
                    + (byName.isEmpty() ? "none (no provider jar is on the class path)" : String.join(", ", byName.keySet())));
        }
        return p;
    }

    /** All providers, sorted by name. */
    public List<BaseModelProvider> providers() {
        return List.copyOf(byName.values());
    }

    /** Provider names, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
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
        if (effective.ontology() instanceof ReferenceOntology references) {
            return withReferences(parsed, provider, effective, references);
        }
        try {
            BaseModel model = provider.load(effective);
            if (model == null) {
                throw new ModelLoadException("provider '" + parsed.provider() + "' returned no model for '" + parsed + "'");
            }
            return model;
        } catch (Autodistill4jException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("could not load model '" + parsed + "': " + e, e);
        }
    }

    /**
     * A {@link ReferenceOntology} is classified the same way for every provider: the provider loads its
     * embedding model (no ontology) and a {@link ReferenceClassificationModel} classifies on top of it.
     */
    private static BaseModel withReferences(ModelSpec spec, BaseModelProvider provider, ModelRequest request,
                                            ReferenceOntology references) {
        BaseModel model;
        try {
            model = provider.load(request.withOntology(null));
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
            return ReferenceClassificationModel.wrap(embedder, references);
        } catch (RuntimeException e) {
            embedder.close();
            throw e;
        }
    }

    private static String origin(BaseModelProvider p) {
        Class<?> c = p.getClass();
        CodeSource cs = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
        String where = cs == null || cs.getLocation() == null ? "unknown location" : cs.getLocation().toString();
        return c.getName() + " (" + where + ")";
    }
}
