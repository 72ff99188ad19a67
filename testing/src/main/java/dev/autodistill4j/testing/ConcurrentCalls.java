package dev.autodistill4j.testing;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.EmbeddingModel;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The provider contract's concurrency check: what one model call gives, and the same call from many threads
 * released at once, so their calls overlap.
 */
final class ConcurrentCalls {
    private ConcurrentCalls() {
    }

    /**
     * Everything the model computes for two images and two texts, in one list: image and text embeddings when it
     * embeds, class distributions when it classifies.
     */
    static List<float[]> outputs(BaseModel m, BufferedImage a, BufferedImage b, String textA, String textB) {
        List<float[]> out = new ArrayList<>();
        if (m instanceof EmbeddingModel e) {
            out.addAll(e.embedImages(List.of(a, b)));
            out.addAll(e.embedTexts(List.of(textA, textB)));
        }
        if (m instanceof ClassificationBaseModel c) {
            for (Classifications r : c.predictBatch(List.of(a, b), 0.0)) {
                out.add(r.distribution());
            }
        }
        return out;
    }

    /** {@code rounds} results of {@code call} from each of {@code threads} threads that start together. */
    static <T> List<T> fromThreads(int threads, int rounds, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<T>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    List<T> mine = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        mine.add(call.call());
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<T> all = new ArrayList<>();
            for (Future<List<T>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
