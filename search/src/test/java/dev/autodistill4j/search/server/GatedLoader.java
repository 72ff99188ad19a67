package dev.autodistill4j.search.server;

import dev.autodistill4j.search.ImageLoader;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standard loader, except that the decode of an image {@code width} pixels wide (a test's decode bomb) waits
 * until the test releases it: a slow decode without timing, so a test can see what the server does meanwhile.
 */
final class GatedLoader implements ImageLoader {
    final AtomicInteger started = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    private final int width;

    GatedLoader(int width) {
        this.width = width;
    }

    @Override
    public BufferedImage load(Path file) {
        BufferedImage img = ImageLoader.standard().load(file);
        if (img.getWidth() == width) {
            started.incrementAndGet();
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return img;
    }

    /** Waits (at most 30 s) until {@code n} gated decodes have started. */
    void awaitStarted(int n) throws InterruptedException {
        for (int i = 0; i < 600 && started.get() < n; i++) {
            Thread.sleep(50);
        }
        assertThat(started.get()).as("bomb decodes started").isGreaterThanOrEqualTo(n);
    }
}
