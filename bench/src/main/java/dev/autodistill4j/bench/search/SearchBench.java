package dev.autodistill4j.bench.search;

import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.search.SearchIndexException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The {@code bench-search} run: {@link VectorBenchmark} on each synthetic data set in turn, each in a temporary
 * folder that is deleted afterwards, one {@link VectorBenchmark.Row} per measurement.
 */
public final class SearchBench {

    /**
     * What to measure.
     *
     * @param benchmark the index, query and quantisation settings shared by every data set
     * @param datasets  {@code random} and/or {@code clustered} ({@link SyntheticVectors})
     * @param clusters  centres of the clustered set
     * @param spread    how far clustered points scatter around their centre
     * @param workDir   where the temporary indexes go; null = the system's temporary folder
     */
    public record Config(VectorBenchmark.Config benchmark, List<String> datasets, int clusters, double spread,
                         Path workDir) {
        public Config {
            datasets = List.copyOf(datasets);
        }
    }

    private SearchBench() {
    }

    /** Measures every data set of {@code config}, handing each row to {@code rows} as it is measured. */
    public static void run(Config config, ProgressListener progress, Consumer<VectorBenchmark.Row> rows)
            throws IOException {
        VectorBenchmark.Config b = config.benchmark();
        if (b.vectors() < b.k() || b.queries() < 1) {
            throw new SearchIndexException("`vectors` must be at least `k` and `queries` at least 1");
        }
        for (double f : b.oversample()) {
            if (!(f == 0 || (f >= 1 && f <= 1000))) {
                throw new SearchIndexException("`oversample` must be 0 (no rescoring) or between 1 and 1000, got " + f);
            }
        }
        VectorBenchmark bench = new VectorBenchmark(progress);
        for (String dataset : config.datasets()) {
            SyntheticVectors data;
            try {
                data = new SyntheticVectors(dataset.strip(), b.dim(), b.seed(), config.clusters(), config.spread());
            } catch (IllegalArgumentException e) {
                throw new SearchIndexException("`dataset` " + e.getMessage());
            }
            Path dir = config.workDir() == null ? Files.createTempDirectory("bench-search-")
                    : Files.createTempDirectory(Files.createDirectories(config.workDir()), "bench-search-");
            try {
                bench.run(b, data, dir.resolve("index"), rows);
            } finally {
                deleteRecursively(dir);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
