package dev.autodistill4j.cli.search;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import jakarta.inject.Provider;
import jakarta.inject.Inject;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.runtime.ontology.ReferenceOntology;
import dev.autodistill4j.runtime.reference.ReferenceClassifier;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.search.QueryBuilder;
import dev.autodistill4j.search.SearchHit;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.SearchIndexException;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code autodistill4j search}: text and/or image query against an index, JSON lines best first. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search an index by text and/or image; prints {\"path\",\"score\"} JSON lines, best first.",
                "Several --text/--image/--class terms are summed; a --text starting with '-' is subtracted "
                        + "(--text \"a dog\" --text \"-grass\")."})
public final class SearchCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder.")
    Path index;

    @Option(names = "--text", paramLabel = "TEXT", description = "Text term (repeatable; '-' prefix subtracts).")
    List<String> texts = new ArrayList<>();

    @Option(names = "--image", paramLabel = "FILE", description = "Image term (repeatable).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--class", paramLabel = "NAME",
            description = "Search by a class of --ontology: its prompts and/or example images and vectors (repeatable).")
    List<String> classes = new ArrayList<>();

    @Option(names = "--ontology", paramLabel = "FILE.yaml", description = "Ontology whose classes --class names.")
    Path ontology;

    @Option(names = {"-k", "--k"}, converter = NumericOptions.Positive.class, defaultValue = "10", description = "Results to return (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--exact", description = "Brute-force scan of every vector instead of HNSW (exact, slower).")
    boolean exact;

    @Option(names = "--ef-search", converter = NumericOptions.Positive.class, description = "HNSW candidates per query (default: the index's setting).")
    Integer efSearch;

    @Option(names = "--oversample", converter = NumericOptions.Oversample.class, description = "Quantised index: rescore k x this many HNSW candidates with the "
            + "stored float vectors; 0 = no rescoring (default: 5).")
    Double oversample;

    @Option(names = {"-m", "--model"}, paramLabel = "PROVIDER[:REF]",
            description = "Query model (default: the model recorded in the index; another one is refused).")
    String model;

    @Option(names = "--device", description = "cpu, gpu or gpu:N (default: cpu).")
    Device device;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
        if (texts.isEmpty() && images.isEmpty() && classes.isEmpty()) {
            throw new SearchIndexException("no query: give at least one --text, --image or --class");
        }
        if (!classes.isEmpty() && ontology == null) {
            throw new SearchIndexException("--class needs --ontology FILE.yaml, the ontology that defines the class");
        }
        ReferenceOntology references = ontology == null ? null : ReferenceOntology.of(OntologyLoader.loadAny(ontology));
        try (SearchIndex idx = SearchIndex.open(index);
             EmbeddingModel m = SearchModels.forIndex(registry.get(), idx, model, device)) {
            if (efSearch != null) {
                idx.setEfSearch(efSearch);
            }
            if (oversample != null) {
                idx.setOversample(oversample);
            }
            QueryBuilder query = new QueryBuilder(m);
            texts.forEach(query::text);
            ImageDecoder decoder = ImageDecoder.defaults();
            images.forEach(p -> query.image(decoder.decode(p)));
            if (!classes.isEmpty()) {
                ReferenceClassifier classifier = ReferenceClassifier.build(m, references, decoder);
                classes.forEach(c -> query.vector(classifier.queryVector(c)));
            }
            float[] q = query.build();
            List<SearchHit> hits = exact ? idx.searchExact(q, k) : idx.search(q, k);
            JsonLines out = new JsonLines(spec.commandLine().getOut());
            for (SearchHit h : hits) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("path", h.path());
                line.put("score", h.score());
                out.write(line);
            }
        }
        return 0;
    }
}
