package dev.autodistill4j.bench.clip;

import dev.autodistill4j.metaclip.model.ClipEncoder;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Throughput of a {@link ClipEncoder} (any engine): images per second for the network alone and end to end from files, texts
 * per second; each after one warm-up batch, so one-off costs (allocator growth, lazy kernel selection) are not
 * counted.
 *
 * <p>The end-to-end path is a pipeline: decoding and preprocessing of the next batch run on worker threads
 * while the network runs the current one, so the slower of the two stages, not their sum, sets the rate.
 */
public final class ClipBenchmark {
    private final ClipEncoder model;

    public ClipBenchmark(ClipEncoder model) {
        this.model = model;
    }

    /** The network on preprocessed pixels only (random values: speed does not depend on them). */
    public Measurement imagesModelOnly(int batch, int images) {
        int per = 3 * model.imageSize() * model.imageSize();
        float[] pixels = new float[per * batch];
        Random r = new Random(1);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) r.nextGaussian();
        }
        model.encodeImages(pixels, batch);
        int calls = Math.max(1, (images + batch - 1) / batch);
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        for (int c = 0; c < calls; c++) {
            model.encodeImages(pixels, batch);
        }
        return new Measurement("image_model", batch, calls * batch, (System.nanoTime() - t0) / 1e9,
                (processCpuNanos() - cpu0) / 1e9);
    }

    /** Texts through the text tower, cycling through {@code ids} (tokenised prompts of realistic length). */
    public Measurement texts(int[][] ids, int batch, int texts) {
        int calls = Math.max(1, (texts + batch - 1) / batch);
        model.encodeTexts(slice(ids, 0, batch));
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        for (int c = 0; c < calls; c++) {
            model.encodeTexts(slice(ids, c * batch, batch));
        }
        return new Measurement("text", batch, calls * batch, (System.nanoTime() - t0) / 1e9,
                (processCpuNanos() - cpu0) / 1e9);
    }

    private static int[][] slice(int[][] ids, int start, int n) {
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = ids[(start + i) % ids.length];
        }
        return out;
    }

    /**
     * Files → pixels ({@code load}: decode + preprocess) → network, with {@code workers} threads preparing the
     * next batches while the network runs. The first batch is a warm-up and is not timed.
     */
    public Measurement imagesEndToEnd(List<Path> files, Function<Path, float[]> load, int batch, int workers)
            throws InterruptedException {
        return pipeline("image_end_to_end", files, batch, workers, b -> prepare(b, load),
                pixels -> model.encodeImages(pixels, batch));
    }

    /**
     * {@code files} in batches of {@code batch}: {@code workers} threads {@code prepare} the next batches while
     * {@code run} works on the current one, as {@code label} and {@code embed} decode ahead of the model. The
     * first batch is a warm-up and is not timed; at most {@code workers} prepared batches wait (bounded memory).
     */
    static <T> Measurement pipeline(String name, List<Path> files, int batch, int workers,
                                    Function<List<Path>, T> prepare, Consumer<T> run) throws InterruptedException {
        List<List<Path>> batches = new ArrayList<>();
        for (int i = 0; i + batch <= files.size(); i += batch) {
            batches.add(files.subList(i, i + batch));
        }
        if (batches.size() < 2) {
            throw new IllegalArgumentException("need at least " + 2 * batch + " files for batch " + batch);
        }
        run.accept(prepare.apply(batches.get(0)));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "bench-preprocess");
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<Future<T>> ready = new ArrayBlockingQueue<>(Math.max(1, workers));
        try {
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            Thread feeder = new Thread(() -> {
                try {
                    for (List<Path> b : batches.subList(1, batches.size())) {
                        ready.put(pool.submit(() -> prepare.apply(b)));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-feeder");
            feeder.setDaemon(true);
            feeder.start();
            for (int i = 1; i < batches.size(); i++) {
                run.accept(ready.take().get());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Measurement(name, batch, (batches.size() - 1) * batch, seconds,
                    (processCpuNanos() - cpu0) / 1e9);
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing images failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** CPU time of the whole process (native PyTorch threads included), or 0 where the JVM cannot tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    private float[] prepare(List<Path> files, Function<Path, float[]> load) {
        int per = 3 * model.imageSize() * model.imageSize();
        float[] out = new float[per * files.size()];
        for (int i = 0; i < files.size(); i++) {
            System.arraycopy(load.apply(files.get(i)), 0, out, i * per, per);
        }
        return out;
    }
}
