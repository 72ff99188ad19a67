package dev.autodistill4j.runtime.label;

import dev.autodistill4j.runtime.image.ImageDecodeException;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageMemoryException;
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
 * instead of an image, so one bad file never fails the batch. Decoding is bounded by the decoder's
 * {@link dev.autodistill4j.runtime.image.PixelBudget} (threads wait for room) and each image is reduced as soon as it
 * is decoded, so a batch of huge photos never sits in memory at full size.
 */
final class BatchDecoder implements AutoCloseable {

    /**
     * One prepared file: {@code image} set, or {@code error} set ({@code sha256} null when unreadable).
     * {@code outOfMemory}: the heap ran out, which says nothing about the file; it must be retried, never
     * recorded as unreadable.
     */
    record Decoded(Path file, String sha256, BufferedImage image, String error, boolean outOfMemory) {
        Decoded(Path file, String sha256, BufferedImage image, String error) {
            this(file, sha256, image, error, false);
        }
    }

    private final ImageDecoder decoder;
    private final int keepMinSide;
    private final ExecutorService pool;

    /** @param keepMinSide decoded images are reduced while their shorter side stays at least this (0: never) */
    BatchDecoder(ImageDecoder decoder, int threads, int keepMinSide) {
        this.decoder = decoder;
        this.keepMinSide = keepMinSide;
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

    /** Prepares one file now, on the calling thread (the retry of an image that ran out of memory). */
    Decoded decodeNow(Path p) {
        return decodeOne(p);
    }

    private Decoded decodeOne(Path p) {
        try {
            return hashAndDecode(p);
        } catch (OutOfMemoryError e) {
            return new Decoded(p, null, null, new ImageMemoryException(p, e).getMessage(), true);
        }
    }

    private Decoded hashAndDecode(Path p) {
        String sha;
        try {
            sha = Sha256.of(p);
        } catch (IOException e) {
            return new Decoded(p, null, null, p + ": cannot read the file (" + e.getMessage() + ")");
        }
        try {
            return new Decoded(p, sha, decoder.decode(p, keepMinSide), null);
        } catch (ImageMemoryException e) {
            return new Decoded(p, sha, null, e.getMessage(), true);
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
