package dev.autodistill4j.api.model;

import dev.autodistill4j.api.ontology.Ontology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Everything a provider needs to load a model: which weights, for which ontology, with which options.
 *
 * @param reference what follows {@code provider:} in a model spec (alias, {@code hf:org/repo@rev}, path);
 *                  null or empty means the provider's default
 * @param ontology  the classes to classify into; null when only embeddings are wanted, or when the model
 *                  brings its own classes (a trained target model)
 * @param device    where to run; null means {@link Device#CPU} (never the engine's own choice of a visible GPU)
 * @param options   settings of the load: the provider's own (e.g. {@code batch=16}) and the runtime's
 *                  {@link #ZERO_SHOT_OPTIONS} (e.g. {@code aggregation=max}, {@code templates=imagenet})
 */
public record ModelRequest(String reference, Ontology ontology, Device device, Map<String, String> options) {
    /**
     * The options the runtime reads itself, with their values: the settings of the zero-shot classifier it puts
     * over an embedding model (the runtime classifies; a provider only embeds). They are declared here, in the
     * SPI, so that a provider's own check of its options can tell them from a typo ({@link #providerOptions()})
     * and name them in its message.
     */
    public static final SequencedMap<String, String> ZERO_SHOT_OPTIONS = zeroShotOptions();

    private static SequencedMap<String, String> zeroShotOptions() {
        SequencedMap<String, String> m = new LinkedHashMap<>();
        m.put("aggregation", "sum|max|mean");
        m.put("templates", "imagenet|<file>");
        return java.util.Collections.unmodifiableSequencedMap(m);
    }

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

    /** The options meant for the provider: {@link #options()} without the runtime's {@link #ZERO_SHOT_OPTIONS}. */
    public Map<String, String> providerOptions() {
        Map<String, String> own = new LinkedHashMap<>(options);
        own.keySet().removeAll(ZERO_SHOT_OPTIONS.keySet());
        return own;
    }
}
