package dev.autodistill4j.api.label;

import dev.autodistill4j.api.image.ImageDecodeException;
import dev.autodistill4j.api.image.ImageDecoder;
import dev.autodistill4j.datasets.Sha256;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes and decodes a batch of files on a small thread pool, so a batch can be prepared while the model
 * works on the previous one. Real photos take tens of milliseconds each to decode; single-threaded, that
 * would starve a GPU. Results keep the batch order; a file that cannot be read or decoded yields an error
 * instead of an image, so one bad file never fails the batch.
 */
final class BatchDecoder implements AutoCloseable {

    /** One prepared file: {@code image} set, or {@code error} set ({@code sha256} null when unreadable). */
    record Decoded(Path file, String sha256, BufferedImage image, String error) {
    }

    private final ImageDecoder decoder;
    private final ExecutorService pool;

    BatchDecoder(ImageDecoder decoder, int threads) {
        this.decoder = decoder;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "label-decode-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts preparing {@code batch}; {@link #await} returns the results in batch order. */
    CompletableFuture<List<Decoded>> submit(List<Path> batch) {
        List<CompletableFuture<Decoded>> parts = new ArrayList<>(batch.size());
        for (Path p : batch) {
            parts.add(CompletableFuture.supplyAsync(() -> decodeOne(p), pool));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> parts.stream().map(CompletableFuture::join).toList());
    }

    /** Waits for a submitted batch, rethrowing an unexpected failure as itself. */
    static List<Decoded> await(CompletableFuture<List<Decoded>> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private Decoded decodeOne(Path p) {
        String sha;
        try {
            sha = Sha256.of(p);
        } catch (IOException e) {
            return new Decoded(p, null, null, p + ": cannot read the file (" + e.getMessage() + ")");
        }
        try {
            return new Decoded(p, sha, decoder.decode(p), null);
        } catch (ImageDecodeException e) {
            return new Decoded(p, sha, null, e.getMessage());
        } catch (RuntimeException e) {
            return new Decoded(p, sha, null, p + ": cannot decode the image (" + e + ")");
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
