package dev.autodistill4j.cli.commands;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic scenes in the style of the shapes fixture (a flat random background, dark or light; filled red,
 * green, blue or yellow circles, squares, triangles and stars with slight colour jitter), several shapes per
 * canvas at known boxes, the first one of every scene touching a border. The box of a shape is the exact pixel
 * bounding box of its outline.
 */
final class ShapesScenes {
    static final List<String> COLOURS = List.of("red", "green", "blue", "yellow");
    static final List<String> SHAPES = List.of("circle", "square", "triangle", "star");
    private static final Map<String, int[]> RGB = Map.of("red", new int[]{215, 32, 52}, "green", new int[]{24, 165, 70},
            "blue", new int[]{40, 70, 225}, "yellow", new int[]{218, 195, 20});
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    /** One drawn shape: its class ({@code colour_shape}) and integer pixel box. */
    record Placed(String className, int x, int y, int w, int h) {
    }

    private ShapesScenes() {
    }

    /** Writes {@code count} PNG scenes into {@code dir}; returns file name → shapes, in file order. */
    static Map<String, List<Placed>> write(Path dir, int count, long seed) throws Exception {
        Files.createDirectories(dir);
        Random rnd = new Random(seed);
        Map<String, List<Placed>> scenes = new java.util.LinkedHashMap<>();
        for (int s = 0; s < count; s++) {
            BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            boolean dark = rnd.nextBoolean();
            int base = dark ? 0 : 130;
            g.setColor(new Color(base + rnd.nextInt(90), base + rnd.nextInt(90), base + rnd.nextInt(90)));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            List<Placed> placed = new ArrayList<>();
            List<Rectangle> taken = new ArrayList<>();
            int shapes = 3 + rnd.nextInt(2);
            for (int attempt = 0; placed.size() < shapes && attempt < 200; attempt++) {
                int size = 48 + rnd.nextInt(48);
                String colour = COLOURS.get(rnd.nextInt(4));
                String shape = SHAPES.get(rnd.nextInt(4));
                Shape proto = outline(shape, new Rectangle(0, 0, size, size));
                Rectangle pb = proto.getBounds();
                int x = rnd.nextInt(WIDTH - pb.width + 1) - pb.x;
                int y = rnd.nextInt(HEIGHT - pb.height + 1) - pb.y;
                if (placed.isEmpty()) { // the first shape of a scene touches a border
                    switch (s % 4) {
                        case 0 -> x = -pb.x;
                        case 1 -> y = -pb.y;
                        case 2 -> x = WIDTH - pb.width - pb.x;
                        default -> y = HEIGHT - pb.height - pb.y;
                    }
                }
                Shape outline = AffineTransform.getTranslateInstance(x, y).createTransformedShape(proto);
                Rectangle b = outline.getBounds().intersection(new Rectangle(0, 0, WIDTH, HEIGHT));
                Rectangle margin = new Rectangle(b.x - 6, b.y - 6, b.width + 12, b.height + 12);
                if (taken.stream().anyMatch(margin::intersects)) {
                    continue;
                }
                int[] c = RGB.get(colour);
                g.setColor(new Color(jitter(c[0], rnd), jitter(c[1], rnd), jitter(c[2], rnd)));
                g.fill(outline);
                taken.add(b);
                placed.add(new Placed(colour + "_" + shape, b.x, b.y, b.width, b.height));
            }
            g.dispose();
            String name = String.format("scene_%02d.png", s);
            ImageIO.write(img, "png", dir.resolve(name).toFile());
            scenes.put(name, placed);
        }
        return scenes;
    }

    private static int jitter(int v, Random rnd) {
        return Math.max(0, Math.min(255, v + rnd.nextInt(31) - 15));
    }

    private static Shape outline(String shape, Rectangle r) {
        return switch (shape) {
            case "circle" -> new Ellipse2D.Double(r.x, r.y, r.width, r.height);
            case "square" -> new Rectangle(r.x + r.width / 8, r.y + r.height / 8, r.width * 3 / 4, r.height * 3 / 4);
            case "triangle" -> new Polygon(new int[]{r.x + r.width / 2, r.x + r.width, r.x},
                    new int[]{r.y, r.y + r.height, r.y + r.height}, 3);
            default -> star(r);
        };
    }

    private static Polygon star(Rectangle r) {
        Polygon p = new Polygon();
        double cx = r.x + r.width / 2.0;
        double cy = r.y + r.height / 2.0;
        for (int i = 0; i < 10; i++) {
            double radius = (i % 2 == 0 ? 0.5 : 0.2) * r.width;
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            p.addPoint((int) Math.round(cx + radius * Math.cos(angle)), (int) Math.round(cy + radius * Math.sin(angle)));
        }
        return p;
    }
}
