package dev.autodistill4j.cli.search;

import dev.autodistill4j.search.VectorSimilarity;
import dev.autodistill4j.bench.Machine;
import dev.autodistill4j.bench.search.SearchBench;
import dev.autodistill4j.bench.search.VectorBenchmark;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.search.IndexSettings;
import dev.autodistill4j.search.LuceneVectorization;
import dev.autodistill4j.search.Quantization;
import dev.autodistill4j.search.SearchIndexException;
import dev.autodistill4j.cli.support.NumericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code autodistill4j bench-search}: build rate, recall@10 and latency of the vector index on synthetic data. */
@Command(name = "bench-search", mixinStandardHelpOptions = true,
        description = {"Benchmark the Lucene HNSW index on synthetic unit vectors (random and clustered), for each "
                + "--quantize setting in one run: build rate, size on disk, heap and resident off-heap memory while "
                + "querying, recall@k against exact search, p50/p95 query latency per efSearch. One JSON line per "
                + "row."})
public final class BenchSearchCommand implements CliCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--vectors", converter = NumericOptions.Positive.class, defaultValue = "100000", description = "Vectors to index (default: ${DEFAULT-VALUE}).")
    int vectors;

    @Option(names = "--dim", converter = NumericOptions.Positive.class, defaultValue = "512", description = "Dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--queries", converter = NumericOptions.Positive.class, defaultValue = "200", description = "Queries measured (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = {"-k", "--k"}, converter = NumericOptions.Positive.class, defaultValue = "10", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--dataset", defaultValue = "random,clustered", split = ",",
            description = "random and/or clustered (default: ${DEFAULT-VALUE}).")
    List<String> datasets;

    @Option(names = "--clusters", converter = NumericOptions.Positive.class, defaultValue = "1000", description = "Centres of the clustered set (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--hnsw-m", converter = NumericOptions.HnswM.class, defaultValue = "16", description = "HNSW M (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--hnsw-ef-construction", converter = NumericOptions.HnswBeamWidth.class, defaultValue = "100", description = "HNSW beam width (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--ef-search", converter = NumericOptions.Positive.class, defaultValue = "10,50,100,200", split = ",",
            description = "efSearch values to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> efSearch;

    @Option(names = "--force-merge", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Merge to one segment before querying (default: ${DEFAULT-VALUE}).")
    boolean forceMerge;

    @Option(names = "--quantize", defaultValue = "none,int7,int4,bbq", split = ",", paramLabel = "none|int7|int4|bbq",
            description = "Vector formats to compare, each in its own index (default: ${DEFAULT-VALUE}).")
    List<String> quantize;

    @Option(names = "--oversample", converter = NumericOptions.Oversample.class, defaultValue = "5", split = ",",
            description = "Quantised settings rescore k x this many candidates with the float vectors; 0 = no "
                    + "rescoring; several values give one row each (default: ${DEFAULT-VALUE}).")
    List<Double> oversample;

    @Option(names = "--threads", converter = NumericOptions.Positive.class, description = "Indexing threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--ram-buffer-mb", converter = NumericOptions.Positive.class, defaultValue = "1900",
            description = "Lucene's indexing buffer in MB, 16 to 1945: larger means fewer segments and less HNSW "
                    + "merge work (default: ${DEFAULT-VALUE}; 'index' uses 256).")
    int ramBufferMb;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the temporary index goes (default: system temp).")
    Path workDir;

    @Override
    public Integer call() throws IOException {
        if (ramBufferMb < 16 || ramBufferMb > 1945) {
            throw new SearchIndexException("--ram-buffer-mb must be 16 to 1945 (Lucene flushes one thread's buffer at "
                    + "1945 MB whatever is asked), got " + ramBufferMb);
        }
        IndexSettings settings = new IndexSettings(VectorSimilarity.DOT_PRODUCT, m, beam, 100);
        List<Quantization> formats = quantize.stream().map(Quantization::parse).distinct().toList();
        VectorBenchmark.Config benchmark = new VectorBenchmark.Config(vectors, dim, queries, k, settings, efSearch,
                seed, forceMerge, threads == null ? Runtime.getRuntime().availableProcessors() : threads, formats,
                oversample, ramBufferMb);
        JsonLines out = new JsonLines(spec.commandLine().getOut());
        SearchBench.run(new SearchBench.Config(benchmark, datasets, clusters, 0.6, workDir),
                ConsoleProgress.on(spec.commandLine().getErr()), out::write);
        spec.commandLine().getErr().println("machine: " + Machine.describe() + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; " + LuceneVectorization.describe());
        return 0;
    }
}
