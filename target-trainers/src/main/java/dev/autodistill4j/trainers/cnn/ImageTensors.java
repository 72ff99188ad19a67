package dev.autodistill4j.trainers.cnn;

import dev.autodistill4j.trainers.data.Images;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Turns images into the network's input: the whole image squashed to {@code size}×{@code size} (the shapes and
 * most product photos are centred, and squashing keeps every pixel of the object), CHW floats normalised with
 * mean 0.5 / std 0.25. Training adds random-resized-crop, flips and optional brightness/contrast jitter, all
 * driven by one seeded {@link Random} so a run is reproducible.
 */
public final class ImageTensors {
    public static final float MEAN = 0.5f;
    public static final float STD = 0.25f;

    private ImageTensors() {
    }

    /** Evaluation-time input. */
    public static float[] preprocess(BufferedImage img, int size) {
        return toChw(Images.resize(img, 0, 0, img.getWidth(), img.getHeight(), size, size));
    }

    /** Training-time input with augmentation. */
    static float[] augment(BufferedImage img, CnnConfig cfg, Random rnd) {
        int w = img.getWidth();
        int h = img.getHeight();
        int cx = 0;
        int cy = 0;
        int cw = w;
        int ch = h;
        if (cfg.randomCrop() && cfg.cropScale() < 1) {
            double area = w * (double) h * (cfg.cropScale() + rnd.nextDouble() * (1 - cfg.cropScale()));
            double logRatio = Math.log(3.0 / 4) + rnd.nextDouble() * (Math.log(4.0 / 3) - Math.log(3.0 / 4));
            double ratio = Math.exp(logRatio);
            cw = (int) Math.min(w, Math.max(1, Math.round(Math.sqrt(area * ratio))));
            ch = (int) Math.min(h, Math.max(1, Math.round(Math.sqrt(area / ratio))));
            cx = rnd.nextInt(w - cw + 1);
            cy = rnd.nextInt(h - ch + 1);
        }
        int size = cfg.inputSize();
        float[] x = toChw(Images.resize(img, cx, cy, cw, ch, size, size));
        if (cfg.flipHorizontal() && rnd.nextBoolean()) {
            flip(x, size, true);
        }
        if (cfg.flipVertical() && rnd.nextBoolean()) {
            flip(x, size, false);
        }
        if (cfg.colorJitter() > 0) {
            double b = 1 + (rnd.nextDouble() * 2 - 1) * cfg.colorJitter();
            double c = 1 + (rnd.nextDouble() * 2 - 1) * cfg.colorJitter();
            jitter(x, (float) b, (float) c);
        }
        return x;
    }

    private static float[] toChw(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        float[] out = new float[3 * plane];
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out[i] = (((p >> 16) & 0xff) / 255f - MEAN) / STD;
            out[plane + i] = (((p >> 8) & 0xff) / 255f - MEAN) / STD;
            out[2 * plane + i] = ((p & 0xff) / 255f - MEAN) / STD;
        }
        return out;
    }

    private static void flip(float[] x, int size, boolean horizontal) {
        for (int c = 0; c < 3; c++) {
            int base = c * size * size;
            for (int r = 0; r < (horizontal ? size : size / 2); r++) {
                for (int col = 0; col < (horizontal ? size / 2 : size); col++) {
                    int a = base + r * size + col;
                    int b = horizontal ? base + r * size + (size - 1 - col) : base + (size - 1 - r) * size + col;
                    float t = x[a];
                    x[a] = x[b];
                    x[b] = t;
                }
            }
        }
    }

    /** Brightness and contrast in pixel space ([0,1]), clamped, then renormalised. */
    private static void jitter(float[] x, float brightness, float contrast) {
        double mean = 0;
        for (float v : x) {
            mean += v * STD + MEAN;
        }
        mean /= x.length;
        for (int i = 0; i < x.length; i++) {
            float p = x[i] * STD + MEAN;
            p = (float) ((p * brightness - mean) * contrast + mean);
            p = Math.max(0f, Math.min(1f, p));
            x[i] = (p - MEAN) / STD;
        }
    }
}
