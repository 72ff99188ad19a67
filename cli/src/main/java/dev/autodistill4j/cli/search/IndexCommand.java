package dev.autodistill4j.cli.search;

import dev.autodistill4j.search.VectorSimilarity;
import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import jakarta.inject.Provider;
import jakarta.inject.Inject;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.search.ImageIndexer;
import dev.autodistill4j.search.IndexReport;
import dev.autodistill4j.search.IndexSettings;
import dev.autodistill4j.search.IndexedModel;
import dev.autodistill4j.search.Quantization;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.SearchIndexWriter;
import dev.autodistill4j.search.SearchIndexException;
import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.cli.support.EngineOptions;
import dev.autodistill4j.runtime.image.ImageFiles;
import picocli.CommandLine.Mixin;
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
                        + "removed. Prints one JSON line with the counts.",
                "--convert --quantize Q rewrites an existing index's vectors as none/int7/int4/bbq from the stored "
                        + "float vectors, without re-embedding (--model and --images are then not needed)."})
public final class IndexCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "PROVIDER[:REF]",
            description = "Embedding model, e.g. metaclip or metaclip:/path/to/checkpoint.")
    String model;

    @Option(names = "--device", description = "cpu, gpu or gpu:N (default: cpu).")
    Device device;

    @Option(names = "--images", paramLabel = "DIR", description = "Folder of images (repeatable).")
    List<Path> images;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder (created if new).")
    Path index;

    @Option(names = "--batch", converter = NumericOptions.Batch.class, defaultValue = "32", description = "Images per embedding batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--similarity", defaultValue = "dot_product",
            description = "dot_product or cosine, for a new index (default: ${DEFAULT-VALUE}).")
    VectorSimilarity similarity;

    @Option(names = "--hnsw-m", converter = NumericOptions.HnswM.class, defaultValue = "16", description = "HNSW max connections M, new index (default: ${DEFAULT-VALUE}).")
    int hnswM;

    @Option(names = "--hnsw-ef-construction", converter = NumericOptions.HnswBeamWidth.class, defaultValue = "100",
            description = "HNSW beam width at build, new index (default: ${DEFAULT-VALUE}).")
    int efConstruction;

    @Option(names = "--ef-search", converter = NumericOptions.Positive.class, defaultValue = "100",
            description = "Default HNSW candidates per query, new index (default: ${DEFAULT-VALUE}).")
    int efSearch;

    @Option(names = "--quantize", paramLabel = "none|int7|int4|bbq",
            description = "Vectors for graph search: none (float32), int7, int4 or bbq (1-bit) (quantised; floats "
                    + "kept for exact rescoring). New index: default int7. An existing index keeps its "
                    + "own; with --convert, the index is rewritten to this.")
    String quantize;

    @Option(names = "--convert", description = "Rewrite the existing --index to --quantize from its stored float "
            + "vectors (no re-embedding), then exit.")
    boolean convert;

    @Inject
    Provider<BaseModelRegistry> registry;

    @Override
    public Integer call() {
        Quantization requested = quantize == null ? null : Quantization.parse(quantize);
        if (convert) {
            return convert(requested);
        }
        if (model == null || images == null || images.isEmpty()) {
            throw new SearchIndexException("missing " + (model == null ? "--model" : "--images") + ": 'index' needs "
                    + "--model and at least one --images folder (or --convert --quantize Q to convert an index)");
        }
        IndexSettings settings = new IndexSettings(similarity, hnswM, efConstruction, efSearch,
                requested == null ? IndexSettings.DEFAULT_QUANTIZATION : requested);
        Map<String, String> options = engine.apply(model, Map.of());
        List<Path> all = new java.util.ArrayList<>();
        images.forEach(d -> all.addAll(ImageFiles.walk(d)));
        engine.check(model, options, all, "--images", null, spec.commandLine().getErr());
        try (EmbeddingModel m = SearchModels.load(registry.get(), model, device, options)) {
            IndexedModel identity = IndexedModel.of(m.info(), m.embeddingDimension());
            IndexReport report;
            Quantization quantization;
            try (SearchIndexWriter idx = SearchIndexWriter.open(index, identity, settings)) {
                refuseSilentChange(idx, requested);
                report = new ImageIndexer(m, batch, ConsoleProgress.on(spec.commandLine().getErr()))
                        .update(idx, images);
                quantization = idx.settings().quantization();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("index", index.toAbsolutePath().normalize().toString());
            out.put("model", identity.spec());
            out.put("quantization", quantization.label());
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

    /** An existing index keeps its format; asking for another one without --convert would be silently ignored. */
    private void refuseSilentChange(SearchIndexWriter idx, Quantization requested) {
        Quantization current = idx.settings().quantization();
        if (requested != null && requested != current) {
            throw new SearchIndexException("the index at " + idx.directory() + " stores " + current.label()
                    + " vectors, not " + requested.label() + ": to change it run 'autodistill4j index --convert "
                    + "--quantize " + requested.label() + " --index " + index + "' (no re-embedding), or leave out "
                    + "--quantize");
        }
    }

    private int convert(Quantization target) {
        if (target == null) {
            throw new SearchIndexException("--convert needs --quantize none|int7|int4|bbq: the format to rewrite the "
                    + "index to");
        }
        IndexedModel stored;
        Quantization before;
        try (SearchIndex existing = SearchIndex.open(index)) {
            stored = existing.model();
            before = existing.settings().quantization();
        }
        long start = System.nanoTime();
        boolean changed;
        int size;
        try (SearchIndexWriter idx = SearchIndexWriter.open(index, stored, IndexSettings.DEFAULTS)) {
            spec.commandLine().getErr().println("converting " + idx.size() + " vectors at " + idx.directory()
                    + " from " + before.label() + " to " + target.label() + " …");
            changed = idx.convert(target);
            size = idx.size();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index", index.toAbsolutePath().normalize().toString());
        out.put("model", stored.spec());
        out.put("converted", changed);
        out.put("from", before.label());
        out.put("quantization", target.label());
        out.put("vectors", size);
        out.put("seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
        new JsonLines(spec.commandLine().getOut()).write(out);
        return 0;
    }
}
