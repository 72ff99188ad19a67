package dev.autodistill4j.trainers.student;

import dev.autodistill4j.trainers.data.Images;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The views of a training image the teacher embeds once and the student learns from: view 0 is the image
 * itself, each further view a random resized crop (70–100 % of the area, aspect 3:4–4:3, back to the image's
 * size) flipped left-right half of the time. Augmenting the pixels both networks see — rather than the
 * student's input alone — keeps every target honest: the teacher's embedding of exactly that view. Each view
 * is drawn from a generator seeded by the image's position and the view number, never by the run's seed, so
 * the cache means the same thing to every run.
 */
final class StudentViews {
    /** What {@value TeacherEmbeddings#HEADER} records, so a cache made with other views is not reused. */
    static final String AUGMENTATION = "crop0.7-flip-h/v1";

    private StudentViews() {
    }

    /** {@code count} views of the image at position {@code index}: the image, then augmented copies. */
    static List<BufferedImage> of(BufferedImage image, int index, int count) {
        List<BufferedImage> out = new ArrayList<>(count);
        out.add(image);
        for (int v = 1; v < count; v++) {
            out.add(augment(image, new Random(index * 1_000_003L + v)));
        }
        return out;
    }

    private static BufferedImage augment(BufferedImage img, Random rnd) {
        int w = img.getWidth();
        int h = img.getHeight();
        double area = w * (double) h * (0.7 + rnd.nextDouble() * 0.3);
        double ratio = Math.exp(Math.log(3.0 / 4) + rnd.nextDouble() * (Math.log(4.0 / 3) - Math.log(3.0 / 4)));
        int cw = (int) Math.min(w, Math.max(1, Math.round(Math.sqrt(area * ratio))));
        int ch = (int) Math.min(h, Math.max(1, Math.round(Math.sqrt(area / ratio))));
        int cx = rnd.nextInt(w - cw + 1);
        int cy = rnd.nextInt(h - ch + 1);
        BufferedImage crop = Images.resize(img, cx, cy, cw, ch, w, h);
        if (rnd.nextBoolean()) {
            BufferedImage flipped = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    flipped.setRGB(w - 1 - x, y, crop.getRGB(x, y));
                }
            }
            return flipped;
        }
        return crop;
    }
}
