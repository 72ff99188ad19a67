package dev.autodistill4j.search;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Generates small PNGs of known colours, with a little seeded noise so no two are identical. */
public final class TestImages {
    private TestImages() {
    }

    public static Path write(Path file, Color colour, long seed, int noise) throws IOException {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int red = clamp(colour.getRed() + r.nextInt(2 * noise + 1) - noise);
                int green = clamp(colour.getGreen() + r.nextInt(2 * noise + 1) - noise);
                int blue = clamp(colour.getBlue() + r.nextInt(2 * noise + 1) - noise);
                img.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** {@code perColour} images of each of red, green, blue in subfolders of {@code dir}. */
    public static void folder(Path dir, int perColour) throws IOException {
        Color[] colours = {new Color(220, 30, 30), new Color(30, 200, 40), new Color(30, 40, 210)};
        String[] names = {"red", "green", "blue"};
        for (int c = 0; c < colours.length; c++) {
            for (int i = 0; i < perColour; i++) {
                write(dir.resolve(names[c]).resolve(names[c] + "_" + i + ".png"), colours[c], c * 100L + i, 40);
            }
        }
    }

    /** Sorted image files below a folder (the tests' stand-in for the CLI's walker). */
    public static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> out = new ArrayList<>(s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".png") || p.toString().endsWith(".jpg")).sorted().toList());
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
