package dev.autodistill4j.cli.search;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.search.ImageIndexer;
import dev.autodistill4j.search.IndexReport;
import dev.autodistill4j.search.IndexSettings;
import dev.autodistill4j.search.IndexedModel;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code autodistill4j index}: embeds folders of images into a search index, incrementally. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Embed the images of one or more folders into a Lucene search index.",
                "Incremental: unchanged files (size + mtime) are skipped, changed ones re-embedded, deleted ones "
                        + "removed. Prints one JSON line with the counts."})
public final class IndexCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "PROVIDER[:REF]",
            description = "Embedding model, e.g. metaclip or metaclip:/path/to/checkpoint.")
    String model;

    @Option(names = "--device", description = "cpu, gpu or gpu:N (default: the engine's choice).")
    String device;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder of images (repeatable).")
    List<Path> images;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder (created if new).")
    Path index;

    @Option(names = "--batch", converter = NumericOptions.Batch.class, defaultValue = "32", description = "Images per embedding batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--similarity", defaultValue = "dot_product",
            description = "dot_product or cosine, for a new index (default: ${DEFAULT-VALUE}).")
    String similarity;

    @Option(names = "--hnsw-m", converter = NumericOptions.Positive.class, defaultValue = "16", description = "HNSW max connections M, new index (default: ${DEFAULT-VALUE}).")
    int hnswM;

    @Option(names = "--hnsw-ef-construction", converter = NumericOptions.Positive.class, defaultValue = "100",
            description = "HNSW beam width at build, new index (default: ${DEFAULT-VALUE}).")
    int efConstruction;

    @Option(names = "--ef-search", converter = NumericOptions.Positive.class, defaultValue = "100",
            description = "Default HNSW candidates per query, new index (default: ${DEFAULT-VALUE}).")
    int efSearch;

    @Override
    public Integer call() {
        IndexSettings settings = new IndexSettings(similarity, hnswM, efConstruction, efSearch);
        try (EmbeddingModel m = SearchModels.load(model, device)) {
            IndexedModel identity = IndexedModel.of(m.info(), m.embeddingDimension());
            IndexReport report;
            try (SearchIndex idx = SearchIndex.openForWriting(index, identity, settings)) {
                report = new ImageIndexer(m, batch, ConsoleProgress.on(spec.commandLine().getErr()))
                        .update(idx, images);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("index", index.toAbsolutePath().normalize().toString());
            out.put("model", identity.spec());
            out.put("added", report.added());
            out.put("updated", report.updated());
            out.put("unchanged", report.unchanged());
            out.put("removed", report.removed());
            out.put("failed", report.failed());
            out.put("total", report.total());
            out.put("failures", report.failures());
            new JsonLines(spec.commandLine().getOut()).write(out);
            for (IndexReport.Failure f : report.failures()) {
                spec.commandLine().getErr().println("warning: skipped " + f.path() + ": " + f.error());
            }
        }
        return 0;
    }
}
