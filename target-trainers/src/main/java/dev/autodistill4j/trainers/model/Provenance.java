package dev.autodistill4j.trainers.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.datasets.Versions;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.data.TrainingData;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The provenance block of a model manifest: which data, which base model weights, which seed and software made
 * it — enough to say exactly what a shipped model was distilled from. The one typed form of that block:
 * trainers build it with {@link #of}, the manifest holds {@link #toJson()}, loaders read it with
 * {@link #fromJson} (lenient, so manifests written by older versions still read).
 *
 * @param trainer        the trainer's name
 * @param created        when training finished (ISO-8601 instant as text, as written)
 * @param seed           the request's seed
 * @param baseModel      the base model the trainer embedded with, or null (cnn)
 * @param dataset        the training data
 * @param ontology       the ontology from the dataset's {@code run.json} when {@code label} wrote one, or null
 * @param initCheckpoint the absolute path of the starting weights, or null
 * @param versions       the software that trained the model
 */
public record Provenance(String trainer, String created, long seed, BaseModelSource baseModel, DatasetSource dataset,
                         JsonNode ontology, String initCheckpoint, SoftwareVersions versions) {

    /** Which base model weights the embeddings came from. */
    public record BaseModelSource(String spec, String provider, String reference, String checkpoint,
                                  String checkpointSha256, String license) {
        static BaseModelSource of(ModelInfo info) {
            return new BaseModelSource(info.spec(), info.provider(), info.reference(), info.checkpoint(),
                    info.checkpointSha256(), info.license());
        }
    }

    /**
     * The dataset: its path, {@code manifest_sha256} (over every split/class/relative path/image sha256 line)
     * and per-split image counts.
     */
    public record DatasetSource(String path, String manifestSha256, Map<String, Integer> images) {
        public DatasetSource {
            images = images == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
        }
    }

    /** autodistill4j and DJL as really on the classpath, plus Java and the OS. */
    public record SoftwareVersions(String autodistill4j, String djl, String java, String os) {
        /** The versions of this process. */
        public static SoftwareVersions current() {
            return new SoftwareVersions(Versions.autodistill4j(), djlVersion(), System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }

        /** The DJL actually on the classpath (it may differ from the one this build named), else the build's. */
        private static String djlVersion() {
            String v = ai.djl.engine.Engine.getDjlVersion();
            return v == null || v.isBlank() ? Versions.djlBuild() : v;
        }
    }

    /** The provenance of a model {@code trainer} is about to write for {@code request}, made now. */
    public static Provenance of(String trainer, TrainingRequest request, TrainingData data, ModelInfo baseModel) {
        return new Provenance(trainer, Instant.now().toString(), request.seed(),
                baseModel == null ? null : BaseModelSource.of(baseModel),
                new DatasetSource(data.dataset().root().toAbsolutePath().toString(), data.manifestSha256(),
                        data.counts()),
                data.ontology(),
                request.initCheckpoint() == null ? null : request.initCheckpoint().toAbsolutePath().toString(),
                SoftwareVersions.current());
    }

    /** The manifest's {@code provenance} object; the keys and their order are those manifests have always had. */
    public ObjectNode toJson() {
        ObjectNode p = TargetModelWriter.json().createObjectNode();
        p.put("trainer", trainer);
        p.put("created", created);
        p.put("seed", seed);
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
        d.put("path", dataset.path());
        d.put("manifest_sha256", dataset.manifestSha256());
        ObjectNode counts = d.putObject("images");
        dataset.images().forEach(counts::put);
        if (ontology != null) {
            p.set("ontology", ontology);
        } else {
            p.putNull("ontology");
        }
        if (initCheckpoint != null) {
            p.put("init_checkpoint", initCheckpoint);
        }
        ObjectNode v = p.putObject("versions");
        v.put("autodistill4j", versions.autodistill4j());
        v.put("djl", versions.djl());
        v.put("java", versions.java());
        v.put("os", versions.os());
        return p;
    }

    /** Reads a manifest's {@code provenance} object; absent fields are null (seed 0). */
    public static Provenance fromJson(JsonNode p) {
        JsonNode b = p.path("base_model");
        BaseModelSource base = b.isObject() ? new BaseModelSource(text(b, "spec"), text(b, "provider"),
                text(b, "reference"), text(b, "checkpoint"), text(b, "checkpoint_sha256"), text(b, "license")) : null;
        JsonNode d = p.path("dataset");
        Map<String, Integer> counts = new LinkedHashMap<>();
        d.path("images").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
        JsonNode v = p.path("versions");
        JsonNode ontology = p.path("ontology");
        return new Provenance(text(p, "trainer"), text(p, "created"), p.path("seed").asLong(0), base,
                new DatasetSource(text(d, "path"), text(d, "manifest_sha256"), counts),
                ontology.isMissingNode() || ontology.isNull() ? null : ontology.deepCopy(),
                text(p, "init_checkpoint"),
                new SoftwareVersions(text(v, "autodistill4j"), text(v, "djl"), text(v, "java"), text(v, "os")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
