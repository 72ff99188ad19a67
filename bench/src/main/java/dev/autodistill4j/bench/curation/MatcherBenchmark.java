package dev.autodistill4j.bench.curation;

import dev.autodistill4j.curation.SubstringMatcher;
import dev.autodistill4j.curation.TextSpacing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measurements behind {@code bench-curate}: matching throughput on one core and on all cores, the reference's
 * algorithm (every spaced entry tested with a substring search) run in Java in the same process as a baseline,
 * and the size of the lookup table for synthetic metadata of any size.
 */
public final class MatcherBenchmark {
    /**
     * Texts per second over {@code seconds} of repeated passes, by the wall clock and per CPU-second of the
     * measuring threads (the latter does not drop when other processes share the cores).
     */
    public record Throughput(String what, int threads, long texts, double seconds, double textsPerSecond,
                             double cpuSeconds) {
        public double textsPerCpuSecond() {
            return cpuSeconds > 0 ? texts / cpuSeconds : Double.NaN;
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
            .getThreadMXBean();

    /** CPU seconds of the calling thread so far (0 where the JVM cannot measure it). */
    static double threadCpuSeconds() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() / 1e9 : 0;
    }

    /** Build time and memory of a matcher for {@code entries} entries. */
    public record TableSize(int entries, double buildSeconds, long tableBytes, long heapBytes) {
    }

    private MatcherBenchmark() {
    }

    /** Matches {@code texts} over and over on {@code threads} threads for at least {@code minSeconds}. */
    public static Throughput matching(SubstringMatcher matcher, List<String> texts, int threads, double minSeconds)
            throws Exception {
        long deadline = System.nanoTime() + (long) (minSeconds * 1e9);
        AtomicLong done = new AtomicLong();
        AtomicLong sink = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * texts.size() / threads;
                futures.add(pool.submit(() -> {
                    double cpu0 = threadCpuSeconds();
                    long local = 0;
                    long n = 0;
                    for (int i = offset; System.nanoTime() < deadline || n < texts.size() / threads; i++) {
                        local += matcher.match(texts.get(i % texts.size())).length;
                        n++;
                    }
                    done.addAndGet(n);
                    sink.addAndGet(local);
                    cpuNanos.addAndGet((long) ((threadCpuSeconds() - cpu0) * 1e9));
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double s = (System.nanoTime() - start) / 1e9;
        if (sink.get() < 0) {
            throw new IllegalStateException("unreachable: keeps the matches alive");
        }
        return new Throughput("matcher", threads, done.get(), s, done.get() / s, cpuNanos.get() / 1e9);
    }

    /** The reference's algorithm in Java: {@code spaced(text).contains(" " + entry + " ")} for every entry. */
    public static Throughput referenceLoop(List<String> entries, List<String> texts, double minSeconds) {
        String[] spacedEntries = entries.stream().map(e -> " " + e + " ").toArray(String[]::new);
        double cpu0 = threadCpuSeconds();
        long start = System.nanoTime();
        long deadline = start + (long) (minSeconds * 1e9);
        long n = 0;
        long sink = 0;
        for (int i = 0; System.nanoTime() < deadline || n < 1; i++) {
            String spaced = TextSpacing.spaced(texts.get(i % texts.size()));
            for (String e : spacedEntries) {
                if (spaced.contains(e)) {
                    sink++;
                }
            }
            n++;
        }
        double s = (System.nanoTime() - start) / 1e9;
        if (sink < 0) {
            throw new IllegalStateException("unreachable: keeps the loop's result alive");
        }
        return new Throughput("reference loop (Java)", 1, n, s, n / s, threadCpuSeconds() - cpu0);
    }

    /** Synthetic metadata: {@code n} distinct entries of 1–4 words over a Zipf-ish random vocabulary. */
    public static List<String> syntheticEntries(int n, long seed) {
        Random r = new Random(seed);
        String letters = "abcdefghijklmnopqrstuvwxyz";
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < Math.max(1000, n / 2); i++) {
            StringBuilder w = new StringBuilder();
            int len = 3 + r.nextInt(8);
            for (int j = 0; j < len; j++) {
                w.append(letters.charAt(r.nextInt(letters.length())));
            }
            vocabulary.add(i % 5 == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w.toString());
        }
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        while (out.size() < n) {
            int words = 1 + Math.min(3, (int) (-Math.log(1 - r.nextDouble()) * 0.9));
            StringBuilder e = new StringBuilder();
            for (int k = 0; k < words; k++) {
                double u = r.nextDouble();
                e.append(k == 0 ? "" : " ").append(vocabulary.get((int) (vocabulary.size() * u * u)));
            }
            out.add(e.toString());
        }
        return new ArrayList<>(out);
    }

    /** Builds a matcher for {@code entries} and reports its table bytes and the heap it added (after GC). */
    public static TableSize tableSize(List<String> entries) {
        long before = usedHeap();
        long start = System.nanoTime();
        SubstringMatcher m = SubstringMatcher.build(entries);
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = usedHeap();
        TableSize size = new TableSize(m.entryCount(), seconds, m.tableBytes(), after - before);
        return m.entryCount() >= 0 ? size : null; // keeps m reachable until after the measurement
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
