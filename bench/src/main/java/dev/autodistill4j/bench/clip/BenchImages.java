package dev.autodistill4j.bench.clip;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * 640×480 JPEGs for the end-to-end benchmark: gradients, shapes and sensor-like noise, so the files have the
 * size and entropy of photographs (a flat image would decode unrealistically fast).
 */
final class BenchImages {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    private BenchImages() {
    }

    static List<Path> write(Path dir, int count, long seed) {
        Random r = new Random(seed);
        List<Path> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, randomColor(r), WIDTH, HEIGHT, randomColor(r)));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            for (int s = 0; s < 12; s++) {
                g.setColor(randomColor(r));
                g.setStroke(new BasicStroke(1 + r.nextInt(8)));
                int x = r.nextInt(WIDTH);
                int y = r.nextInt(HEIGHT);
                int w = 20 + r.nextInt(200);
                int h = 20 + r.nextInt(200);
                if (r.nextBoolean()) {
                    g.fillOval(x, y, w, h);
                } else {
                    g.drawRect(x, y, w, h);
                }
            }
            g.dispose();
            int[] px = img.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
            for (int p = 0; p < px.length; p++) {
                int n = r.nextInt(17) - 8;
                int rr = clamp(((px[p] >> 16) & 0xFF) + n);
                int gg = clamp(((px[p] >> 8) & 0xFF) + n);
                int bb = clamp((px[p] & 0xFF) + n);
                px[p] = (rr << 16) | (gg << 8) | bb;
            }
            img.setRGB(0, 0, WIDTH, HEIGHT, px, 0, WIDTH);
            Path file = dir.resolve(String.format("bench_%04d.jpg", i));
            try {
                if (!ImageIO.write(img, "jpg", file.toFile())) {
                    throw new IOException("no JPEG writer available");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write benchmark image " + file, e);
            }
            files.add(file);
        }
        return files;
    }

    static void deleteAll(Path dir, List<Path> files) {
        try {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("bench: could not remove " + dir + ": " + e.getMessage());
        }
    }

    private static Color randomColor(Random r) {
        return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
