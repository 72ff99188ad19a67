package dev.autodistill4j.search;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one {@link SearchIndexWriter} lends Lucene to spread an HNSW graph merge over several cores (the
 * slowest part of indexing). Created with the writer and shut down when it closes, so no pool outlives the
 * index it served; a reader never needs it (the codec reads back without it, see {@link IndexFormat}).
 *
 * <p>Threads are created on the first merge task, named {@code hnsw-merge-<writer>-<n>}, and joined on close.
 */
final class MergeThreads implements AutoCloseable {
    /** Thread-name prefix of every writer's merge threads. */
    static final String NAME_PREFIX = "hnsw-merge-";
    /** Numbers pools only so thread dumps tell writers apart (like {@code Executors}' pool numbers); no state. */
    private static final AtomicInteger WRITERS = new AtomicInteger();

    private final int workers;
    private final String namePrefix;
    private final ThreadPoolExecutor executor;
    private final List<Thread> started = new CopyOnWriteArrayList<>();

    /** {@code workers} merge threads; 1 means merges run on Lucene's own merge thread and no pool is created. */
    MergeThreads(int workers) {
        this.workers = Math.max(1, workers);
        this.namePrefix = NAME_PREFIX + WRITERS.incrementAndGet() + "-";
        if (this.workers == 1) {
            executor = null;
            return;
        }
        String name = namePrefix;
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(this.workers, this.workers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name + n.incrementAndGet());
                    t.setDaemon(true);
                    started.add(t);
                    return t;
                });
    }

    /** One merge thread per core. */
    static MergeThreads perCore() {
        return new MergeThreads(Runtime.getRuntime().availableProcessors());
    }

    /** What the names of this pool's threads start with (unique per pool in this JVM). */
    String namePrefix() {
        return namePrefix;
    }

    int workers() {
        return workers;
    }

    /** The pool Lucene submits merge work to, or null for single-threaded merges. */
    ExecutorService executor() {
        return executor;
    }

    /** Stops the pool and waits until every thread it started has ended. */
    @Override
    public void close() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        boolean interrupted = false;
        for (Thread t : started) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
