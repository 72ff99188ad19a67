package dev.autodistill4j.trainers.testing;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates small labelled image datasets in code (never copied fixtures): each class is a colour, drawn as a
 * randomly placed, randomly sized disc or box on a dark noisy background, so a class is learnable both from
 * embeddings and by a CNN, yet no two images are alike.
 */
public final class SyntheticDatasets {
    public static final Map<String, Color> COLOURS = Map.of(
            "red", new Color(220, 40, 40), "green", new Color(40, 200, 60), "blue", new Color(50, 70, 230),
            "yellow", new Color(230, 220, 40));

    private SyntheticDatasets() {
    }

    /** Writes {@code root/<split>/<class>/<class>_NN.png} for each class and split size given. */
    public static Path write(Path root, List<String> classes, int train, int valid, int test, long seed) {
        Random rnd = new Random(seed);
        for (String c : classes) {
            writeImages(root.resolve("train").resolve(c), c, train, rnd);
            writeImages(root.resolve("valid").resolve(c), c, valid, rnd);
            if (test > 0) {
                writeImages(root.resolve("test").resolve(c), c, test, rnd);
            }
        }
        return root;
    }

    /** A folder of class folders (truth for evaluation). */
    public static Path writeTruthFolder(Path root, List<String> classes, int perClass, long seed) {
        Random rnd = new Random(seed);
        for (String c : classes) {
            writeImages(root.resolve(c), c, perClass, rnd);
        }
        return root;
    }

    public static void writeImages(Path dir, String colour, int count, Random rnd) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < count; i++) {
                ImageIO.write(image(colour, rnd), "png", dir.resolve(String.format("%s_%02d.png", colour, i)).toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage image(String colour, Random rnd) {
        int w = 40 + rnd.nextInt(16);
        int h = 32 + rnd.nextInt(16);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 10 + rnd.nextInt(30);
                img.setRGB(x, y, (v << 16) | (v << 8) | (v + 10));
            }
        }
        Graphics2D g = img.createGraphics();
        Color base = COLOURS.get(colour);
        int jitter = rnd.nextInt(30) - 15;
        g.setColor(new Color(clamp(base.getRed() + jitter), clamp(base.getGreen() + jitter),
                clamp(base.getBlue() + jitter)));
        int s = 14 + rnd.nextInt(10);
        int x0 = rnd.nextInt(Math.max(1, w - s));
        int y0 = rnd.nextInt(Math.max(1, h - s));
        if (rnd.nextBoolean()) {
            g.fillOval(x0, y0, s, s);
        } else {
            g.fillRect(x0, y0, s, s);
        }
        g.dispose();
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
