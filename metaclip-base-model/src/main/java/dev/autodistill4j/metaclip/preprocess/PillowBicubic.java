package dev.autodistill4j.metaclip.preprocess;

/**
 * Pillow's {@code Image.resize(size, Image.BICUBIC)} for 8-bit RGB, reproduced operation for operation
 * (libImaging/Resample.c) so that the resized pixels are bit-identical to the Python reference.
 *
 * <p>Why a re-implementation instead of {@code java.awt} scaling: Java2D's bicubic does not widen the filter
 * when shrinking (it aliases), uses another kernel parameter, and rounds differently. The CLIP models were
 * trained and evaluated on Pillow's output, and the golden tests compare to it, so only the same arithmetic
 * gives the same numbers. The algorithm:
 * <ol>
 *   <li>For each output column, the cubic convolution kernel (a = -0.5, support 2) is stretched by the
 *       downscale factor when shrinking ({@code support = 2 * max(1, in/out)}); the taps around the source
 *       centre {@code (x + 0.5) * in/out} are evaluated in double precision and normalised to sum 1.</li>
 *   <li>The coefficients are converted to fixed point with 22 fractional bits (PRECISION_BITS = 32 - 8 - 2),
 *       rounding half away from zero.</li>
 *   <li>Horizontal pass first: each output sample is {@code clip8((2^21 + Σ v·k) >> 22)} stored as 8 bits;
 *       then the vertical pass runs on that 8-bit intermediate image with its own coefficients.</li>
 *   <li>A pass whose size does not change is skipped (Pillow does the same), and an image resized to its own
 *       size is returned as a copy.</li>
 * </ol>
 */
public final class PillowBicubic {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;

    private PillowBicubic() {
    }

    /**
     * Resizes packed 0xRRGGBB pixels.
     *
     * @return packed pixels of {@code outW}×{@code outH}
     */
    public static int[] resize(int[] rgb, int w, int h, int outW, int outH) {
        if (rgb.length != w * h) {
            throw new IllegalArgumentException("expected " + w * h + " pixels, got " + rgb.length);
        }
        if (outW < 1 || outH < 1) {
            throw new IllegalArgumentException("output size must be positive: " + outW + "x" + outH);
        }
        int[] current = rgb;
        int cw = w;
        if (outW != w) {
            current = horizontal(current, w, h, outW);
            cw = outW;
        }
        if (outH != h) {
            current = vertical(current, cw, h, outH);
        }
        return current == rgb ? rgb.clone() : current;
    }

    /** Fixed-point coefficients and bounds for one axis. */
    record Coefficients(int ksize, int[] bounds, int[] kk) {
    }

    static double bicubic(double x) {
        final double a = -0.5;
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize; // (in1 - in0) / outSize with box (0, inSize)
        double filterscale = Math.max(scale, 1.0);
        double support = SUPPORT * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        double[] k = new double[ksize];
        int[] bounds = new int[outSize * 2];
        int[] kk = new int[outSize * ksize];
        double ss = 1.0 / filterscale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ww = 0.0;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            for (int x = 0; x < xmax; x++) {
                double wgt = bicubic(((double) (x + xmin) - center + 0.5) * ss);
                k[x] = wgt;
                ww += wgt;
            }
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0.0 ? k[x] / ww : k[x];
                kk[xx * ksize + x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                        : (int) (0.5 + v * (1 << PRECISION_BITS));
            }
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
        return new Coefficients(ksize, bounds, kk);
    }

    private static int clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static int[] horizontal(int[] in, int w, int h, int outW) {
        Coefficients c = coefficients(w, outW);
        int[] out = new int[outW * h];
        int ksize = c.ksize();
        int[] kk = c.kk();
        int[] bounds = c.bounds();
        final int half = 1 << (PRECISION_BITS - 1);
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int xx = 0; xx < outW; xx++) {
                int xmin = bounds[xx * 2];
                int xmax = bounds[xx * 2 + 1];
                int kOff = xx * ksize;
                int s0 = half;
                int s1 = half;
                int s2 = half;
                for (int x = 0; x < xmax; x++) {
                    int p = in[row + xmin + x];
                    int k = kk[kOff + x];
                    s0 += ((p >> 16) & 0xFF) * k;
                    s1 += ((p >> 8) & 0xFF) * k;
                    s2 += (p & 0xFF) * k;
                }
                out[y * outW + xx] = (clip8(s0) << 16) | (clip8(s1) << 8) | clip8(s2);
            }
        }
        return out;
    }

    private static int[] vertical(int[] in, int w, int h, int outH) {
        Coefficients c = coefficients(h, outH);
        int[] out = new int[w * outH];
        int ksize = c.ksize();
        int[] kk = c.kk();
        int[] bounds = c.bounds();
        final int half = 1 << (PRECISION_BITS - 1);
        for (int yy = 0; yy < outH; yy++) {
            int ymin = bounds[yy * 2];
            int ymax = bounds[yy * 2 + 1];
            int kOff = yy * ksize;
            for (int x = 0; x < w; x++) {
                int s0 = half;
                int s1 = half;
                int s2 = half;
                for (int y = 0; y < ymax; y++) {
                    int p = in[(ymin + y) * w + x];
                    int k = kk[kOff + y];
                    s0 += ((p >> 16) & 0xFF) * k;
                    s1 += ((p >> 8) & 0xFF) * k;
                    s2 += (p & 0xFF) * k;
                }
                out[yy * w + x] = (clip8(s0) << 16) | (clip8(s1) << 8) | clip8(s2);
            }
        }
        return out;
    }
}
