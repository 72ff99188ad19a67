package dev.autodistill4j.api.model;

import dev.autodistill4j.api.ontology.Ontology;

import java.util.Map;

/**
 * Everything a provider needs to load a model: which weights, for which ontology, with which options.
 *
 * @param reference what follows {@code provider:} in a model spec (alias, {@code hf:org/repo@rev}, path);
 *                  null or empty means the provider's default
 * @param ontology  the classes to classify into; null when only embeddings are wanted, or when the model
 *                  brings its own classes (a trained target model)
 * @param device    where to run; null means {@link Device#CPU} (never the engine's own choice of a visible GPU)
 * @param options   provider-specific settings (e.g. {@code aggregation=max}, {@code templates=true})
 */
public record ModelRequest(String reference, Ontology ontology, Device device, Map<String, String> options) {
    public ModelRequest {
        device = device == null ? Device.CPU : device;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** The provider's default weights, no ontology, CPU, no options: start here and add with {@code with…}. */
    public static ModelRequest defaults() {
        return new ModelRequest(null, null, null, Map.of());
    }

    /**
     * A request to classify into {@code ontology} (the weights the model spec names, CPU, no options) — what a
     * zero-shot classifier needs; a trained target model brings its own classes and needs {@link #defaults()}.
     */
    public static ModelRequest forOntology(Ontology ontology) {
        return defaults().withOntology(ontology);
    }

    /** A request for the weights {@code reference} names (null: the provider's default). */
    public static ModelRequest of(String reference) {
        return new ModelRequest(reference, null, null, Map.of());
    }

    public ModelRequest withOntology(Ontology o) {
        return new ModelRequest(reference, o, device, options);
    }

    public ModelRequest withDevice(Device d) {
        return new ModelRequest(reference, ontology, d, options);
    }

    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }
}
