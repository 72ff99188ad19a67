package dev.autodistill4j.curation;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs {@code work} on chunks on all cores and hands the results to {@code consume} in input order, on the
 * calling thread. At most {@code inFlight} chunks are read ahead, so memory stays bounded however large the
 * input; the order makes outputs and draw consumption independent of thread timing.
 */
final class OrderedPipeline {
    private OrderedPipeline() {
    }

    /**
     * @param source  next chunk, or null at the end (called on this thread)
     * @param work    per-chunk work (called on worker threads)
     * @param consume per-result sink, in source order (called on this thread)
     * @param threads worker threads (at least 1)
     */
    static <I, R> void run(Supplier<I> source, Function<I, R> work, Consumer<R> consume, int threads) {
        int inFlight = Math.max(2, threads * 3);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "curation-worker");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<R>> pending = new ArrayDeque<>();
        try {
            for (I chunk = source.get(); chunk != null; chunk = source.get()) {
                I c = chunk;
                pending.add(pool.submit(() -> work.apply(c)));
                while (pending.size() >= inFlight) {
                    consume.accept(await(pending.poll()));
                }
            }
            while (!pending.isEmpty()) {
                consume.accept(await(pending.poll()));
            }
        } finally {
            pending.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CurationException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
