package dev.autodistill4j.spark.job;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything an executor needs to load the same model the driver loaded — shipped inside each task, so it must
 * stay small and {@link Serializable} — and the key of {@link ExecutorModels}' per-JVM cache.
 *
 * @param spec             {@code provider[:reference]}; the reference must be readable on every executor (a
 *                         shared path, a file shipped with {@code --archives}, or a hub reference)
 * @param device           where the model runs (null = CPU)
 * @param options          provider options (prompt aggregation, templates…)
 * @param ontology         prompt → class in ontology order (a caption ontology), or null
 * @param reference        a {@code classes:} ontology with its examples as vectors ({@link ShippedOntology}), or
 *                         null
 * @param checkpointSha256 the checkpoint hash the driver saw; every executor's copy must have it (null: the
 *                         provider reports none, e.g. an in-code test model)
 * @param path             whether the driver found the reference as a file or folder ({@link ModelLocation}):
 *                         an executor then never reads it as a hub id
 */
public record ModelKey(String spec, Device device, TreeMap<String, String> options,
                       LinkedHashMap<String, String> ontology, ShippedOntology reference, String checkpointSha256,
                       boolean path)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static ModelKey of(String spec, Device device, Map<String, String> options, CaptionOntology ontology) {
        return new ModelKey(spec, device, new TreeMap<>(options == null ? Map.of() : options),
                ontology == null ? null : new LinkedHashMap<>(ontology.asMap()), null, null, false);
    }

    /** The key of {@code location}'s executor spec (see {@link ModelLocation}). */
    public static ModelKey of(ModelLocation location, Device device, Map<String, String> options,
                              CaptionOntology ontology) {
        ModelKey k = of(location.executorSpec(), device, options, ontology);
        return new ModelKey(k.spec, device, k.options, k.ontology, null, null, location.path());
    }

    /** This key classifying with a {@code classes:} ontology instead of captions. */
    public ModelKey withReference(ShippedOntology shipped) {
        return new ModelKey(spec, device, options, null, shipped, checkpointSha256, path);
    }

    /** This key with the checkpoint hash the driver's model reported. */
    public ModelKey withChecksum(String sha256) {
        return new ModelKey(spec, device, options, ontology, reference, sha256, path);
    }

    /** The registry request (the reference part of {@link #spec} is filled in by the registry). */
    public ModelRequest request() {
        Ontology o = ontology != null ? CaptionOntology.of(ontology) : reference != null ? reference.toOntology() : null;
        return new ModelRequest(null, o, device, options);
    }
}
