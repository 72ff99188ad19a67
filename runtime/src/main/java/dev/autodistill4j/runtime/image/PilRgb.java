package dev.autodistill4j.runtime.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Turns whatever an ImageIO reader produced into packed 0xRRGGBB pixels with the values Pillow's
 * {@code Image.convert("RGB")} gives for the same file.
 *
 * <p>Why not {@code BufferedImage.getRGB}: it colour-manages. A {@code TYPE_BYTE_GRAY} image is taken to be
 * linear grey and mapped to sRGB (gray 128 becomes 187), and 16-bit samples are rescaled. Pillow does no colour
 * management at all: it moves sample values around. So this class reads raw raster samples and applies
 * Pillow's rules:
 * <ul>
 *   <li>RGB / RGBA (8-bit): the samples; alpha is dropped, never composited over a background.</li>
 *   <li>16-bit RGB / RGBA PNG: Pillow unpacks these with raw mode {@code RGB;16B}, i.e. keeps the high byte
 *       ({@code v >> 8}, truncation, not rounding).</li>
 *   <li>L (8-bit grey), LA: R = G = B = L, alpha dropped. 1/2/4-bit grey is scaled to 0..255 (0/255 for 1 bit,
 *       ×85 for 2 bits, ×17 for 4 bits), as Pillow's {@code 1}, {@code L;2}, {@code L;4} unpackers do.</li>
 *   <li>16-bit grey PNG: Pillow opens it in mode {@code I;16} (older versions: {@code I}) and its converter to
 *       RGB <em>clips</em> ({@code v > 255 → 255}); it does not scale. A typical 16-bit grey photo therefore
 *       becomes almost entirely white, exactly as it does in the Python reference. 16-bit grey + alpha is
 *       {@code LA;16B}: high byte.</li>
 *   <li>Palette (P, PA): the palette entry's RGB; palette transparency is dropped.</li>
 *   <li>CMYK JPEG: see {@link #cmykJpeg}.</li>
 * </ul>
 */
final class PilRgb {

    private PilRgb() {
    }

    /** Packed RGB pixels of a decoded image, row-major. */
    static int[] fromImage(BufferedImage image) {
        int[] direct = interleavedBytes(image);
        if (direct != null) {
            return direct;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        int[] out = new int[w * h];
        if (cm instanceof IndexColorModel icm) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = icm.getRGB(row[x]) & 0xFFFFFF;
                }
            }
            return out;
        }
        int colourType = cm.getColorSpace().getType();
        int bands = raster.getNumBands();
        int bits = raster.getSampleModel().getSampleSize(0);
        if (colourType == ColorSpace.TYPE_GRAY && bands <= 2) {
            int[] row = new int[w];
            boolean alpha = bands == 2;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = grey(row[x], bits, alpha);
                    out[y * w + x] = (v << 16) | (v << 8) | v;
                }
            }
            return out;
        }
        if (colourType == ColorSpace.TYPE_RGB && bands >= 3 && bits <= 16) {
            int shift = bits > 8 ? bits - 8 : 0;
            int[] r = new int[w];
            int[] g = new int[w];
            int[] b = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, r);
                raster.getSamples(0, y, w, 1, 1, g);
                raster.getSamples(0, y, w, 1, 2, b);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = ((r[x] >> shift) << 16) | ((g[x] >> shift) << 8) | (b[x] >> shift);
                }
            }
            return out;
        }
        // Anything else (an unusual colour space): fall back to Java's colour-managed conversion.
        image.getRGB(0, 0, w, h, out, 0, w);
        for (int k = 0; k < out.length; k++) {
            out[k] &= 0xFFFFFF;
        }
        return out;
    }

    /**
     * The common case read straight from the byte array: 8-bit RGB or RGBA samples interleaved in one bank, as
     * every baseline JPEG decodes ({@code TYPE_3BYTE_BGR}) — the same sample values as the general RGB loop
     * below, without three {@code getSamples} calls per row. Null when the image is laid out otherwise.
     */
    private static int[] interleavedBytes(BufferedImage image) {
        Raster raster = image.getRaster();
        if (!(raster.getDataBuffer() instanceof DataBufferByte db) || db.getNumBanks() != 1
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm) || raster.getParent() != null
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || image.getColorModel() instanceof IndexColorModel
                || image.getColorModel().getColorSpace().getType() != ColorSpace.TYPE_RGB
                || sm.getNumBands() < 3 || sm.getSampleSize(0) != 8 || sm.getSampleSize(1) != 8
                || sm.getSampleSize(2) != 8) {
            return null;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] data = db.getData();
        int base = db.getOffset();
        int stride = sm.getPixelStride();
        int scan = sm.getScanlineStride();
        int[] bands = sm.getBandOffsets();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int row = base + y * scan;
            for (int x = 0, i = row; x < w; x++, i += stride) {
                out[y * w + x] = ((data[i + bands[0]] & 0xFF) << 16) | ((data[i + bands[1]] & 0xFF) << 8)
                        | (data[i + bands[2]] & 0xFF);
            }
        }
        return out;
    }

    private static int grey(int v, int bits, boolean alpha) {
        if (bits == 8) {
            return v;
        }
        if (bits == 16) {
            return alpha ? v >> 8 : Math.min(v, 255);
        }
        if (bits < 8) {
            return v * 255 / ((1 << bits) - 1);
        }
        return Math.min(v, 255);
    }

    /**
     * Pillow's result for a four-component JPEG, from the raw (not colour-converted) decoded samples.
     *
     * <p>libjpeg hands Pillow CMYK (converting YCCK to CMYK first when the Adobe segment says transform 2);
     * Pillow then unpacks with raw mode {@code CMYK;I}, inverting every channel, for every 4-component JPEG
     * ("assume adobe conventions"), and finally {@code convert("RGB")} computes
     * {@code R = nk - nk·C/255} with {@code nk = 255 - K} in 8-bit fixed point (MULDIV255). No ICC profile is
     * used, so the colours differ from a colour-managed viewer; they match the Python reference.
     */
    static int[] cmykJpeg(Raster raw, int adobeTransform) {
        int w = raw.getWidth();
        int h = raw.getHeight();
        int[] out = new int[w * h];
        int[] px = new int[4 * w];
        for (int y = 0; y < h; y++) {
            raw.getPixels(raw.getMinX(), raw.getMinY() + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int s0 = px[4 * x];
                int s1 = px[4 * x + 1];
                int s2 = px[4 * x + 2];
                int s3 = px[4 * x + 3];
                int c;
                int m;
                int ye;
                int k;
                if (adobeTransform == 2) {
                    // libjpeg: CMY = 255 - RGB(YCC), K kept; then Pillow inverts all four.
                    c = YccToRgb.red(s0, s2);
                    m = YccToRgb.green(s0, s1, s2);
                    ye = YccToRgb.blue(s0, s1);
                    k = 255 - s3;
                } else {
                    c = 255 - s0;
                    m = 255 - s1;
                    ye = 255 - s2;
                    k = 255 - s3;
                }
                int nk = 255 - k;
                int r = clip8(nk - mulDiv255(c, nk));
                int g = clip8(nk - mulDiv255(m, nk));
                int b = clip8(nk - mulDiv255(ye, nk));
                out[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** libjpeg's fixed-point YCbCr → RGB (jdcolor.c), used for YCCK JPEGs. */
    static final class YccToRgb {
        private static final int SCALEBITS = 16;
        private static final int ONE_HALF = 1 << (SCALEBITS - 1);

        private YccToRgb() {
        }

        private static int fix(double x) {
            return (int) (x * (1 << SCALEBITS) + 0.5);
        }

        static int red(int yy, int cr) {
            return clip8(yy + ((fix(1.40200) * (cr - 128) + ONE_HALF) >> SCALEBITS));
        }

        static int green(int yy, int cb, int cr) {
            int sum = -fix(0.34414) * (cb - 128) + (-fix(0.71414) * (cr - 128) + ONE_HALF);
            return clip8(yy + (sum >> SCALEBITS));
        }

        static int blue(int yy, int cb) {
            return clip8(yy + ((fix(1.77200) * (cb - 128) + ONE_HALF) >> SCALEBITS));
        }
    }
}
