package dev.autodistill4j.runtime.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #8 item 6: decoding waits for room in a pixel budget; decoded images are reduced at once. */
class PixelBudgetTest {
    @TempDir
    Path tmp;

    @Test
    // the try-with-resources holds a lock/lease/poller for the block and never reads it
    @SuppressWarnings("try")
    void aLeaseWaitsForRoomInsteadOfFailingAndAHugeImageTakesTheWholeBudget() throws Exception {
        PixelBudget budget = new PixelBudget(2_000_000);
        PixelBudget.Lease first = budget.acquire(1_500_000);
        CompletableFuture<PixelBudget.Lease> second = CompletableFuture.supplyAsync(() -> budget.acquire(1_000_000));
        assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        first.close();
        first.close(); // twice is harmless
        second.get(30, TimeUnit.SECONDS).close();
        assertThat(budget.available()).isEqualTo(budget.pixels());
        try (PixelBudget.Lease huge = budget.acquire(50_000_000)) {
            assertThat(budget.available()).as("larger than the budget: decoded alone").isZero();
        }
        assertThat(budget.available()).isEqualTo(budget.pixels());
    }

    @Test
    void decodingReleasesItsPixelsAndReducesHugeImages() throws Exception {
        BufferedImage img = new BufferedImage(2100, 3300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, (x + y) % 2 == 0 ? 0xFF2010 : 0x1020FF);
            }
        }
        Path file = tmp.resolve("big.png");
        ImageIO.write(img, "png", file.toFile());
        PixelBudget budget = new PixelBudget(1_000_000);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults(), budget);
        BufferedImage reduced = decoder.decode(file, 1024);
        assertThat(reduced.getWidth()).isEqualTo(1050);
        assertThat(reduced.getHeight()).isEqualTo(1650);
        // each output pixel averages a 2×2 block of two reds and two blues
        int p = reduced.getRGB(10, 10) & 0xFFFFFF;
        assertThat(p).isEqualTo(((0xFF + 0x10 + 1) / 2) << 16 | ((0x20 + 0x20) / 2) << 8 | (0x10 + 0xFF + 1) / 2);
        assertThat(budget.available()).isEqualTo(budget.pixels());
        BufferedImage full = decoder.decode(file);
        assertThat(full.getWidth()).isEqualTo(2100);
    }

    @Test
    void reductionKeepsTheShorterSideAtLeastTheMinimumAndHandlesPartialBlocks() {
        assertThat(ImageReduction.factor(9000, 9000, 1024)).isEqualTo(8);
        assertThat(ImageReduction.factor(2047, 5000, 1024)).isEqualTo(1);
        assertThat(ImageReduction.factor(500, 500, 0)).isEqualTo(1);
        BufferedImage img = new BufferedImage(5, 2, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 5; x++) {
            img.setRGB(x, 0, x == 4 ? 0x646464 : 0);
            img.setRGB(x, 1, x == 4 ? 0x646464 : 0);
        }
        BufferedImage out = ImageReduction.reduce(img, 1);
        assertThat(out.getWidth()).isEqualTo(3);
        assertThat(out.getHeight()).isEqualTo(1);
        assertThat(out.getRGB(2, 0) & 0xFFFFFF).as("the last, partial block averages what it has").isEqualTo(0x646464);
    }
}
