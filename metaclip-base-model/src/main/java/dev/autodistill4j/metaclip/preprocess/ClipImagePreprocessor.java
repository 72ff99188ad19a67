package dev.autodistill4j.metaclip.preprocess;

import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.Objects;

/**
 * Turns an RGB image into the normalised CHW float tensor a CLIP image tower expects, equal to the OpenAI /
 * MetaCLIP reference transform {@code Resize(n, BICUBIC) → CenterCrop(n) → ToTensor → Normalize(mean, std)}.
 *
 * <p>Steps and the reference behaviour each one reproduces:
 * <ol>
 *   <li>Resize, for {@link PreprocessorConfig.Resize#EXACT} (Hugging Face {@code size: {height, width}}, as
 *       MetaCLIP 2's converted checkpoints say): straight to that size, aspect ratio not kept, PIL bicubic.
 *       Otherwise (torchvision {@code Resize(int)} on a PIL image): the shorter side becomes
 *       {@code shortestEdge}, the longer side {@code int(shortestEdge * long / short)} (truncated); resampled
 *       with {@link PillowBicubic}, bit-exact to Pillow.</li>
 *   <li>Center crop (torchvision {@code center_crop}): offsets {@code int(round((h - th) / 2.0))} with Python's
 *       round-half-to-even; when the crop is larger than the image, zero padding as torchvision adds it.
 *       (Hugging Face's CLIPImageProcessor floors instead; it differs by one pixel for margins 3, 7, 11, ….)</li>
 *   <li>{@code ToTensor}: {@code v / 255} in float32; {@code Normalize}: {@code (x - mean) / std} in float32,
 *       the same IEEE operations in the same order as PyTorch, so the floats are identical for identical
 *       8-bit pixels.</li>
 * </ol>
 *
 * <p>Input images should come from {@code ImageDecoder} (TYPE_INT_RGB with Pillow's conversion rules); other
 * image types are read with {@code getRGB}, which colour-manages grey and 16-bit images. Thread-safe.
 */
public final class ClipImagePreprocessor {
    private final PreprocessorConfig config;
    private final float[] mean;
    private final float[] std;

    public ClipImagePreprocessor(PreprocessorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        boolean exact = config.resize() == PreprocessorConfig.Resize.EXACT;
        if ((exact ? Math.min(config.resizeHeight(), config.resizeWidth()) : config.shortestEdge()) < 1
                || config.cropHeight() < 1 || config.cropWidth() < 1) {
            throw new IllegalArgumentException("preprocessor sizes must be positive: " + (exact ? "resize "
                    + config.resizeWidth() + "x" + config.resizeHeight() : "shortest edge " + config.shortestEdge())
                    + ", crop " + config.cropWidth() + "x" + config.cropHeight());
        }
        this.mean = config.mean();
        this.std = config.std();
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB), got " + mean.length + " and "
                    + std.length);
        }
    }

    public PreprocessorConfig config() {
        return config;
    }

    /** Floats per image: 3 × crop height × crop width. */
    public int valuesPerImage() {
        return 3 * config.cropHeight() * config.cropWidth();
    }

    /** The normalised pixels, channel-major (C, H, W). */
    public float[] preprocess(BufferedImage image) {
        float[] out = new float[valuesPerImage()];
        preprocessInto(image, out, 0);
        return out;
    }

    /** A batch in (N, C, H, W) order, one image after another. */
    public float[] preprocessBatch(List<BufferedImage> images) {
        int per = valuesPerImage();
        float[] out = new float[Math.multiplyExact(per, images.size())];
        for (int i = 0; i < images.size(); i++) {
            preprocessInto(images.get(i), out, i * per);
        }
        return out;
    }

    /** Writes one image's normalised pixels into {@code out} starting at {@code offset}. */
    public void preprocessInto(BufferedImage image, float[] out, int offset) {
        normalizeInto(resizeAndCrop(image), config.cropHeight() * config.cropWidth(), out, offset, mean, std,
                VectorApi.enabled());
    }

    /**
     * {@code ToTensor → Normalize} of {@code plane} packed pixels into three planes of {@code out}. {@code vector}
     * (needs {@link VectorApi#available()}) runs the first pixels through {@link NormalizeVector}, giving identical
     * floats; the scalar loop does the rest. Public for benchmarks and tests; {@link #preprocessInto} lets
     * {@link VectorApi} choose.
     */
    public static void normalizeInto(int[] crop, int plane, float[] out, int offset, float[] mean, float[] std,
                                     boolean vector) {
        VectorApi.require(vector);
        int first = vector ? NormalizeVector.normalize(crop, plane, out, offset, mean, std) : 0;
        float m0 = mean[0];
        float m1 = mean[1];
        float m2 = mean[2];
        float s0 = std[0];
        float s1 = std[1];
        float s2 = std[2];
        for (int i = first; i < plane; i++) {
            int p = crop[i];
            out[offset + i] = ((float) ((p >> 16) & 0xFF) / 255f - m0) / s0;
            out[offset + plane + i] = ((float) ((p >> 8) & 0xFF) / 255f - m1) / s1;
            out[offset + 2 * plane + i] = ((float) (p & 0xFF) / 255f - m2) / s2;
        }
    }

    /** The 8-bit RGB pixels after resize and center crop (packed 0xRRGGBB, row-major). */
    public int[] resizeAndCrop(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = packedRgb(image);
        int size = config.shortestEdge();
        int newW;
        int newH;
        if (config.resize() == PreprocessorConfig.Resize.EXACT) {
            newW = config.resizeWidth();
            newH = config.resizeHeight();
        } else if (w <= h) {
            newW = size;
            newH = (int) ((double) size * h / w);
        } else {
            newH = size;
            newW = (int) ((double) size * w / h);
        }
        int cropW = config.cropWidth();
        int cropH = config.cropHeight();
        if (cropW <= newW && cropH <= newH) {
            int top = (int) Math.rint((newH - cropH) / 2.0);
            int left = (int) Math.rint((newW - cropW) / 2.0);
            return PillowBicubic.resizeRegion(rgb, w, h, newW, newH, left, top, cropW, cropH);
        }
        int[] resized = (newW == w && newH == h) ? rgb : PillowBicubic.resize(rgb, w, h, newW, newH);
        return centerCrop(resized, newW, newH, cropW, cropH);
    }

    static int[] centerCrop(int[] rgb, int w, int h, int cropW, int cropH) {
        if (cropW > w || cropH > h) {
            // torchvision pads with zeros: left/top = (crop - size) // 2, right/bottom = (crop - size + 1) // 2.
            int padLeft = cropW > w ? (cropW - w) / 2 : 0;
            int padTop = cropH > h ? (cropH - h) / 2 : 0;
            int padRight = cropW > w ? (cropW - w + 1) / 2 : 0;
            int padBottom = cropH > h ? (cropH - h + 1) / 2 : 0;
            int pw = w + padLeft + padRight;
            int ph = h + padTop + padBottom;
            int[] padded = new int[pw * ph];
            for (int y = 0; y < h; y++) {
                System.arraycopy(rgb, y * w, padded, (y + padTop) * pw + padLeft, w);
            }
            rgb = padded;
            w = pw;
            h = ph;
        }
        int top = (int) Math.rint((h - cropH) / 2.0);
        int left = (int) Math.rint((w - cropW) / 2.0);
        if (top == 0 && left == 0 && cropW == w && cropH == h) {
            return rgb;
        }
        int[] out = new int[cropW * cropH];
        for (int y = 0; y < cropH; y++) {
            System.arraycopy(rgb, (y + top) * w + left, out, y * cropW, cropW);
        }
        return out;
    }

    private static int[] packedRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_INT_RGB
                && image.getRaster().getDataBuffer() instanceof DataBufferInt db
                && db.getNumBanks() == 1 && image.getRaster().getParent() == null
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0
                && db.getData().length == w * h) {
            return db.getData();
        }
        int[] out = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xFFFFFF;
        }
        return out;
    }
}
