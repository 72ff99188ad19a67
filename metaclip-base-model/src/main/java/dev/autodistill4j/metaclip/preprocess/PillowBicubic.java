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
        return resizeRegion(rgb, w, h, outW, outH, 0, 0, outW, outH);
    }

    /**
     * The {@code regionW}×{@code regionH} window at ({@code x0}, {@code y0}) of the image resized to
     * {@code outW}×{@code outH}, computing only the output pixels (and the intermediate rows) that window needs.
     * Each output pixel of Pillow's resample depends only on its own coefficients, so the window is identical to
     * cropping the full result; for a 4:3 photo and a square crop this saves a quarter of the work.
     */
    public static int[] resizeRegion(int[] rgb, int w, int h, int outW, int outH, int x0, int y0, int regionW,
                                     int regionH) {
        return resizeRegion(rgb, w, h, outW, outH, x0, y0, regionW, regionH, VectorApi.enabled());
    }

    /**
     * As above, with the loop chosen by the caller (benchmarks and tests; the others let {@link VectorApi} choose):
     * {@code vector} runs the horizontal pass's taps on the Vector API ({@link BicubicTapsVector}, which needs
     * {@link VectorApi#available()}), else the scalar loop. Both give the same pixels.
     */
    public static int[] resizeRegion(int[] rgb, int w, int h, int outW, int outH, int x0, int y0, int regionW,
                                     int regionH, boolean vector) {
        VectorApi.require(vector);
        if (rgb.length != w * h) {
            throw new IllegalArgumentException("expected " + w * h + " pixels, got " + rgb.length);
        }
        if (outW < 1 || outH < 1) {
            throw new IllegalArgumentException("output size must be positive: " + outW + "x" + outH);
        }
        if (x0 < 0 || y0 < 0 || regionW < 1 || regionH < 1 || x0 + regionW > outW || y0 + regionH > outH) {
            throw new IllegalArgumentException("region " + regionW + "x" + regionH + "+" + x0 + "+" + y0
                    + " is not inside " + outW + "x" + outH);
        }
        Coefficients horizontal = outW != w ? coefficients(w, outW) : null;
        Coefficients vertical = outH != h ? coefficients(h, outH) : null;
        int srcY0;
        int srcY1;
        if (vertical != null) {
            srcY0 = Integer.MAX_VALUE;
            srcY1 = 0;
            for (int yy = y0; yy < y0 + regionH; yy++) {
                srcY0 = Math.min(srcY0, vertical.bounds()[2 * yy]);
                srcY1 = Math.max(srcY1, vertical.bounds()[2 * yy] + vertical.bounds()[2 * yy + 1]);
            }
        } else {
            srcY0 = y0;
            srcY1 = y0 + regionH;
        }
        int rows = srcY1 - srcY0;
        int[] r = new int[rows * regionW];
        int[] g = new int[rows * regionW];
        int[] b = new int[rows * regionW];
        horizontalPass(rgb, w, srcY0, rows, horizontal, x0, regionW, r, g, b, vector);
        int[] out = new int[regionW * regionH];
        if (vertical == null) {
            int off = (y0 - srcY0) * regionW;
            for (int i = 0; i < out.length; i++) {
                out[i] = (r[off + i] << 16) | (g[off + i] << 8) | b[off + i];
            }
            return out;
        }
        verticalPass(r, g, b, regionW, srcY0, vertical, y0, regionH, out);
        return out;
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

    /** Horizontal pass into 8-bit channel planes for source rows [srcY0, srcY0 + rows), columns [x0, x0 + n). */
    private static void horizontalPass(int[] in, int w, int srcY0, int rows, Coefficients c, int x0, int n,
                                       int[] r, int[] g, int[] b, boolean vector) {
        final int half = 1 << (PRECISION_BITS - 1);
        int[] sums = new int[3];
        for (int y = 0; y < rows; y++) {
            int row = (srcY0 + y) * w;
            int o = y * n;
            if (c == null) {
                for (int xx = 0; xx < n; xx++) {
                    int p = in[row + x0 + xx];
                    r[o + xx] = (p >> 16) & 0xFF;
                    g[o + xx] = (p >> 8) & 0xFF;
                    b[o + xx] = p & 0xFF;
                }
                continue;
            }
            int ksize = c.ksize();
            int[] kk = c.kk();
            int[] bounds = c.bounds();
            for (int xx = 0; xx < n; xx++) {
                int ox = x0 + xx;
                int xmin = bounds[ox * 2];
                int xmax = bounds[ox * 2 + 1];
                int kOff = ox * ksize;
                int s0 = half;
                int s1 = half;
                int s2 = half;
                int base = row + xmin;
                if (vector) {
                    sums[0] = s0;
                    sums[1] = s1;
                    sums[2] = s2;
                    BicubicTapsVector.accumulate(in, base, kk, kOff, xmax, sums);
                    s0 = sums[0];
                    s1 = sums[1];
                    s2 = sums[2];
                } else {
                    for (int x = 0; x < xmax; x++) {
                        int p = in[base + x];
                        int k = kk[kOff + x];
                        s0 += ((p >> 16) & 0xFF) * k;
                        s1 += ((p >> 8) & 0xFF) * k;
                        s2 += (p & 0xFF) * k;
                    }
                }
                r[o + xx] = clip8(s0);
                g[o + xx] = clip8(s1);
                b[o + xx] = clip8(s2);
            }
        }
    }

    /** Vertical pass over the 8-bit planes for output rows [y0, y0 + n), packed into {@code out}. */
    private static void verticalPass(int[] r, int[] g, int[] b, int width, int srcY0, Coefficients c, int y0, int n,
                                     int[] out) {
        final int half = 1 << (PRECISION_BITS - 1);
        int ksize = c.ksize();
        int[] kk = c.kk();
        int[] bounds = c.bounds();
        int[] a0 = new int[width];
        int[] a1 = new int[width];
        int[] a2 = new int[width];
        for (int yy = 0; yy < n; yy++) {
            int oy = y0 + yy;
            int ymin = bounds[oy * 2] - srcY0;
            int ymax = bounds[oy * 2 + 1];
            int kOff = oy * ksize;
            java.util.Arrays.fill(a0, half);
            java.util.Arrays.fill(a1, half);
            java.util.Arrays.fill(a2, half);
            for (int t = 0; t < ymax; t++) {
                int k = kk[kOff + t];
                int base = (ymin + t) * width;
                for (int x = 0; x < width; x++) {
                    a0[x] += r[base + x] * k;
                    a1[x] += g[base + x] * k;
                    a2[x] += b[base + x] * k;
                }
            }
            int o = yy * width;
            for (int x = 0; x < width; x++) {
                out[o + x] = (clip8(a0[x]) << 16) | (clip8(a1[x]) << 8) | clip8(a2[x]);
            }
        }
    }
}
