package dev.autodistill4j.bench.search;

import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.search.IndexSettings;
import dev.autodistill4j.search.IndexedImage;
import dev.autodistill4j.search.IndexedModel;
import dev.autodistill4j.search.LuceneVectorization;
import dev.autodistill4j.search.Quantization;
import dev.autodistill4j.search.SearchHit;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.SearchIndexWriter;
import org.apache.lucene.util.VectorUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Measures the search index on synthetic unit vectors through the same {@link SearchIndexWriter} and
 * {@link SearchIndex} code the CLI uses,
 * for each quantisation setting in one run: build rate (documents per second until committed and merged), size on
 * disk, heap and resident off-heap (mmap) memory while querying, recall@k of HNSW (with float rescoring for
 * quantised settings) against an exact scan, and p50/p95 query latency, for each efSearch value. The exact
 * neighbours are computed once and shared by all settings. Not a test: numbers depend on the machine.
 */
public final class VectorBenchmark {

    /**
     * @param vectors  data set size
     * @param dim      dimension
     * @param queries  number of queries (recall and latency are averaged over them)
     * @param k        neighbours per query (recall@k)
     * @param settings HNSW M and beam width of the index
     * @param efSearch efSearch values to measure
     * @param seed     generator seed
     * @param forceMerge merge to one segment before querying (one graph per query)
     * @param threads  indexing threads
     * @param quantizations settings measured one after the other (each its own index; M/beam from settings)
     * @param oversample rescoring factors measured for quantised settings ({@link SearchIndex#setOversample}; 0 =
     *                   quantised scores only), one row each; float indexes do not rescore and get one row
     * @param ramBufferMb Lucene's indexing buffer ({@link SearchIndexWriter#open(Path, IndexedModel,
     *                    IndexSettings, double)}): larger = fewer segments to merge
     */
    public record Config(int vectors, int dim, int queries, int k, IndexSettings settings, List<Integer> efSearch,
                         long seed, boolean forceMerge, int threads, List<Quantization> quantizations,
                         List<Double> oversample, double ramBufferMb) {
        /** One setting, the index's own, with the default oversample. */
        public Config(int vectors, int dim, int queries, int k, IndexSettings settings, List<Integer> efSearch,
                      long seed, boolean forceMerge, int threads) {
            this(vectors, dim, queries, k, settings, efSearch, seed, forceMerge, threads,
                    List.of(settings.quantization()), List.of(SearchIndex.DEFAULT_OVERSAMPLE),
                    SearchIndexWriter.DEFAULT_RAM_BUFFER_MB);
        }
    }

    /**
     * One measured row. Memory: {@code diskBytes} per file type ({@link IndexFootprint}), {@code residentBytes}
     * the index files' resident mmap pages after this row's queries, {@code heapBytes} the heap the open index
     * adds (after GC, best effort); {@code buildThreads} the indexing threads behind {@code buildRate};
     * {@code luceneVectors} the vector code Lucene scored with ({@link LuceneVectorization#implementation}).
     */
    public record Row(String dataset, String quantization, int vectors, int dim, int m, int beamWidth, int efSearch,
                      double oversample, double buildSeconds, double buildRate, double recall, double p50Millis,
                      double p95Millis, int queries, Map<String, Long> diskBytes, Map<String, Long> residentBytes,
                      long heapBytes, int buildThreads, String luceneVectors) {
    }

    private final ProgressListener progress;

    public VectorBenchmark(ProgressListener progress) {
        this.progress = progress == null ? ProgressListener.NONE : progress;
    }

    public void run(Config config, SyntheticVectors data, Path workDir, Consumer<Row> out) {
        IndexSettings.checkDimension(config.dim());
        float[][] queries = new float[config.queries()][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = data.query(q);
        }
        List<Set<String>> truth = exactNeighbours(data, config, queries);
        for (Quantization quantization : config.quantizations()) {
            Path dir = workDir.resolve(quantization.label());
            IndexSettings settings = config.settings().withQuantization(quantization);
            double buildSeconds = build(dir, settings, data, config);
            Map<String, Long> disk = IndexFootprint.onDisk(dir);
            long heapBefore = IndexFootprint.heapAfterGc();
            List<Double> factors = quantization.quantized() ? config.oversample() : List.of(0.0);
            try (SearchIndex index = SearchIndex.open(dir)) { // fresh reader: nothing resident from the build
                for (double factor : factors) {
                    index.setOversample(factor);
                    for (int ef : config.efSearch()) {
                        Measured m = measure(index, Math.max(ef, config.k()), queries, truth, config.k());
                        long heap = Math.max(0, IndexFootprint.heapAfterGc() - heapBefore);
                        out.accept(new Row(data.kind(), quantization.label(), config.vectors(), config.dim(),
                                settings.maxConn(), settings.beamWidth(), ef, factor, buildSeconds,
                                config.vectors() / buildSeconds, m.recall, m.p50, m.p95, queries.length, disk,
                                IndexFootprint.resident(dir), heap, Math.max(1, config.threads()),
                                LuceneVectorization.implementation()));
                    }
                }
            }
            deleteRecursively(dir);
        }
    }

    private record Measured(double recall, double p50, double p95) {
    }

    private static Measured measure(SearchIndex index, int ef, float[][] queries, List<Set<String>> truth, int k) {
        index.setEfSearch(ef);
        for (int w = 0; w < Math.min(20, queries.length); w++) {
            index.search(queries[w], k); // warm-up: JIT and page cache
        }
        double[] millis = new double[queries.length];
        double hits = 0;
        for (int q = 0; q < queries.length; q++) {
            long t0 = System.nanoTime();
            List<SearchHit> found = index.search(queries[q], k);
            millis[q] = (System.nanoTime() - t0) / 1e6;
            for (SearchHit h : found) {
                if (truth.get(q).contains(h.path())) {
                    hits++;
                }
            }
        }
        Arrays.sort(millis);
        return new Measured(hits / ((double) queries.length * k), percentile(millis, 0.50), percentile(millis, 0.95));
    }

    /** Builds, commits (and force-merges) one index; returns the wall seconds from first document to commit. */
    private double build(Path dir, IndexSettings settings, SyntheticVectors data, Config config) {
        long start = System.nanoTime();
        try (SearchIndexWriter index = SearchIndexWriter.open(dir, new IndexedModel("bench:" + data.kind(), null,
                config.dim()), settings, config.ramBufferMb())) {
            add(index, data, config, settings.quantization());
            if (config.forceMerge()) {
                index.forceMerge();
            } else {
                index.commit();
            }
        }
        progress.finished("build " + data.kind() + " " + settings.quantization());
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the benchmark index " + dir, e);
        }
    }

    /** Adds the data set from {@code threads} threads (IndexWriter is thread-safe; each builds its own graph). */
    private void add(SearchIndexWriter index, SyntheticVectors data, Config config, Quantization quantization) {
        String task = "build " + data.kind() + " " + quantization;
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        int threads = Math.max(1, config.threads());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < config.vectors(); i += threads) {
                        index.put(new IndexedImage(null, "/synthetic/" + data.kind() + "/" + i, 0, 0, "",
                                data.vector(i)));
                        long n = done.incrementAndGet();
                        if (n % 10_000 == 0) {
                            progress.update(task, n, config.vectors());
                        }
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : parts) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("building the benchmark index failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Exact top-k of every query in one streaming pass over the regenerated data set. */
    private List<Set<String>> exactNeighbours(SyntheticVectors data, Config config, float[][] queries) {
        List<PriorityQueue<double[]>> best = new ArrayList<>();
        for (int q = 0; q < queries.length; q++) {
            best.add(new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0])));
        }
        String task = "exact " + data.kind();
        for (int i = 0; i < config.vectors(); i++) {
            float[] v = data.vector(i);
            for (int q = 0; q < queries.length; q++) {
                // Lucene's SIMD dot product (Panama where jdk.incubator.vector is present): the scalar loop here
                // made the exact pass of a 1M run take 24 min of one core, longer than building the index.
                float dot = VectorUtil.dotProduct(queries[q], v);
                PriorityQueue<double[]> pq = best.get(q);
                if (pq.size() < config.k()) {
                    pq.add(new double[] {dot, i});
                } else if (dot > pq.peek()[0]) {
                    pq.poll();
                    pq.add(new double[] {dot, i});
                }
            }
            if ((i + 1) % 50_000 == 0) {
                progress.update(task, i + 1, config.vectors());
            }
        }
        progress.finished(task);
        List<Set<String>> out = new ArrayList<>();
        for (PriorityQueue<double[]> pq : best) {
            Set<String> s = new HashSet<>();
            for (double[] e : pq) {
                s.add("/synthetic/" + data.kind() + "/" + (long) e[1]);
            }
            out.add(s);
        }
        return out;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
