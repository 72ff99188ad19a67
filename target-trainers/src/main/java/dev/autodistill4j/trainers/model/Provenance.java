package dev.autodistill4j.trainers.model;

import dev.autodistill4j.datasets.Versions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.data.TrainingData;

import java.time.Instant;
import java.util.Map;

/**
 * The provenance block of a model manifest: which data, which base model weights, which seed and software made
 * it — enough to say exactly what a shipped model was distilled from.
 */
public final class Provenance {
    private Provenance() {
    }

    public static ObjectNode of(String trainer, TrainingRequest request, TrainingData data, ModelInfo baseModel) {
        ObjectNode p = TargetModelWriter.json().createObjectNode();
        p.put("trainer", trainer);
        p.put("created", Instant.now().toString());
        p.put("seed", request.seed());
        if (baseModel != null) {
            ObjectNode b = p.putObject("base_model");
            b.put("spec", baseModel.spec());
            b.put("provider", baseModel.provider());
            b.put("reference", baseModel.reference());
            b.put("checkpoint", baseModel.checkpoint());
            b.put("checkpoint_sha256", baseModel.checkpointSha256());
            b.put("license", baseModel.license());
        } else {
            p.putNull("base_model");
        }
        ObjectNode d = p.putObject("dataset");
        d.put("path", data.dataset().root().toAbsolutePath().toString());
        d.put("manifest_sha256", data.manifestSha256());
        ObjectNode counts = d.putObject("images");
        data.counts().forEach(counts::put);
        JsonNode ontology = data.ontology();
        if (ontology != null) {
            p.set("ontology", ontology);
        } else {
            p.putNull("ontology");
        }
        if (request.initCheckpoint() != null) {
            p.put("init_checkpoint", request.initCheckpoint().toAbsolutePath().toString());
        }
        ObjectNode v = p.putObject("versions");
        v.put("autodistill4j", Versions.autodistill4j());
        v.put("djl", djlVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return p;
    }

    /** Hyper-parameters as given plus the effective values a trainer used. */
    public static ObjectNode hyperParameters(Map<String, ?> values) {
        ObjectNode h = TargetModelWriter.json().createObjectNode();
        values.forEach((k, val) -> h.set(k, TargetModelWriter.json().valueToTree(val)));
        return h;
    }

    /** The DJL actually on the classpath (it may differ from the one this build named), else the build's. */
    private static String djlVersion() {
        String v = ai.djl.engine.Engine.getDjlVersion();
        return v == null || v.isBlank() ? Versions.djlBuild() : v;
    }
}
