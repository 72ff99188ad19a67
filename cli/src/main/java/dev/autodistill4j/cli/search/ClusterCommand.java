package dev.autodistill4j.cli.search;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import jakarta.inject.Provider;
import jakarta.inject.Inject;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.reference.ReferenceClassifier;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.SearchIndexException;
import dev.autodistill4j.search.cluster.Cluster;
import dev.autodistill4j.search.cluster.ClusterNamer;
import dev.autodistill4j.search.cluster.ClusterOutput;
import dev.autodistill4j.search.cluster.Clustering;
import dev.autodistill4j.search.cluster.ImageClusterer;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code autodistill4j cluster}: k-means over an index, named clusters, clusters.json + contact sheet. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Cluster the images of an index (k-means++ with restarts on normalised embeddings) and name "
                + "each cluster by its best-matching text. Writes clusters.json and clusters.html (contact sheet) "
                + "to --out and prints one JSON line per cluster."})
public final class ClusterCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder.")
    Path index;

    @Option(names = {"-k", "--k"}, required = true, paramLabel = "K|auto",
            description = "Number of clusters, or 'auto' to choose by silhouette in --k-min..--k-max.")
    String k;

    @Option(names = "--k-min", converter = NumericOptions.Positive.class, defaultValue = "2", description = "Smallest k tried by auto (default: ${DEFAULT-VALUE}).")
    int kMin;

    @Option(names = "--k-max", converter = NumericOptions.Positive.class, defaultValue = "20", description = "Largest k tried by auto (default: ${DEFAULT-VALUE}).")
    int kMax;

    @Option(names = "--names", paramLabel = "ONTOLOGY.yaml",
            description = "Name clusters from this ontology: its prompts, or for a classes: ontology its prompts, example "
                    + "images and vectors (default: the built-in vocabulary).")
    Path names;

    @Option(names = "--out", defaultValue = "clusters", paramLabel = "DIR",
            description = "Output folder for clusters.json and clusters.html (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--restarts", converter = NumericOptions.Positive.class, defaultValue = "10",
            description = "k-means++ restarts; the lowest inertia is kept (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--max-iterations", converter = NumericOptions.Positive.class, defaultValue = "300", description = "Lloyd iterations per run (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = {"-m", "--model"}, paramLabel = "PROVIDER[:REF]",
            description = "Model for naming (default: the model recorded in the index).")
    String model;

    @Option(names = "--device", description = "cpu, gpu or gpu:N (default: cpu).")
    Device device;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
        Ontology ontology = names == null ? null : OntologyLoader.loadAny(names);
        try (SearchIndex idx = SearchIndex.open(index);
             EmbeddingModel m = SearchModels.forIndex(registry.get(), idx, model, device)) {
            ClusterNamer namer = ontology == null ? ClusterNamer.fromVocabulary(m)
                    : ontology instanceof ReferenceOntology references
                    ? ClusterNamer.fromClassifier(ReferenceClassifier.build(m, references, ImageDecoder.defaults()))
                    : ClusterNamer.fromOntology(m, ontology);
            ImageClusterer clusterer = new ImageClusterer(restarts, maxIterations, seed);
            Clustering result;
            if (k.equalsIgnoreCase("auto")) {
                result = clusterer.clusterAuto(idx, kMin, kMax, namer);
            } else {
                int kk;
                try {
                    kk = Integer.parseInt(k.strip());
                } catch (NumberFormatException e) {
                    throw new SearchIndexException("--k " + k + " is not a number or 'auto'");
                }
                result = clusterer.cluster(idx, kk, namer);
            }
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("index", idx.directory().toString());
            provenance.put("model", idx.model().spec());
            if (idx.model().checkpointSha256() != null) {
                provenance.put("checkpoint_sha256", idx.model().checkpointSha256());
            }
            provenance.put("names", names == null ? "built-in vocabulary" : names.toAbsolutePath().toString());
            provenance.put("restarts", restarts);
            new ClusterOutput(ImageLoader.standard(), 60, 96).write(result, provenance, out);
            JsonLines lines = new JsonLines(spec.commandLine().getOut());
            for (Cluster c : result.clusters()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", c.id());
                line.put("name", c.name());
                line.put("size", c.size());
                line.put("members", c.members());
                lines.write(line);
            }
            spec.commandLine().getErr().println("wrote " + out.resolve(ClusterOutput.JSON) + " and "
                    + out.resolve(ClusterOutput.HTML) + " (k=" + result.k() + ", inertia="
                    + String.format("%.4f", result.inertia()) + ")");
        }
        return 0;
    }
}
