package dev.autodistill4j.runtime.image;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.WritableRaster;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Decodes an image file into the RGB pixels the Python reference sees after
 * {@code ImageOps.exif_transpose(Image.open(f)).convert("RGB")}.
 *
 * <p>Order of work, cheapest refusal first: file size (zero bytes, over the limit), magic bytes (a text file
 * named {@code .jpg}), container walk (truncation, see {@link ContainerInspector}), header dimensions against
 * {@link ImageLimits#maxPixels()} (a 20000×20000 PNG is refused before its 1.6 GB of pixels exist), then the
 * ImageIO decode (TwelveMonkeys provides the JPEG reader for CMYK/YCCK and the WebP reader; embedded ICC profiles
 * are ignored, as Pillow ignores them), then conversion
 * with Pillow's rules ({@link PilRgb}) and the EXIF orientation ({@link Orientation}).
 *
 * <p>Thread-safe: each call uses its own reader.
 */
public class ImageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private final ImageLimits limits;
    private final PixelBudget budget;

    /** A decoder under {@code limits} that shares the process-wide {@link PixelBudget#shared() pixel budget}. */
    public ImageDecoder(ImageLimits limits) {
        this(limits, PixelBudget.shared());
    }

    /** A decoder under {@code limits} whose decoding waits for room in {@code budget}. */
    public ImageDecoder(ImageLimits limits, PixelBudget budget) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.budget = java.util.Objects.requireNonNull(budget, "budget");
    }

    /** A decoder with {@link ImageLimits#defaults()}. */
    public static ImageDecoder defaults() {
        return new ImageDecoder(ImageLimits.defaults());
    }

    public ImageLimits limits() {
        return limits;
    }

    /**
     * Decodes {@code file} to a {@code TYPE_INT_RGB} image, EXIF orientation applied.
     *
     * @throws ImageDecodeException naming the file when it is missing, empty, too large, not an image, truncated
     *                              or otherwise undecodable
     */
    public BufferedImage decode(Path file) {
        return decode(file, 0);
    }

    /**
     * As {@link #decode(Path)}, then reduced ({@link ImageReduction}) so the shorter side stays at least
     * {@code minSide} (0: full size) before the image's pixel budget is released: a huge photo never waits at
     * full size for the model.
     *
     * @throws ImageMemoryException when the heap ran out: not the file's fault, retry it later
     */
    public BufferedImage decode(Path file, int minSide) {
        return decode(file, readBytes(file), minSide);
    }

    /**
     * Decodes bytes already read (e.g. by a Spark task from a Hadoop file system); {@code file} only names the
     * image in messages. The same checks as {@link #decode(Path)}, size limits included.
     */
    public BufferedImage decode(Path file, byte[] bytes) {
        return decode(file, bytes, 0);
    }

    // the try-with-resources holds a lock/lease/poller for the block and never reads it
    @SuppressWarnings("try")
    private BufferedImage decode(Path file, byte[] bytes, int minSide) {
        if (bytes.length == 0) {
            throw new ImageDecodeException(file, "empty file (0 bytes); remove it or copy the image again");
        }
        if (bytes.length > limits.maxFileBytes()) {
            throw new ImageDecodeException(file, "file is " + bytes.length + " bytes, more than the limit of "
                    + limits.maxFileBytes() + " bytes; shrink the image or raise the limit");
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == null) {
            throw new ImageDecodeException(file, "not an image: the content is not JPEG, PNG, GIF, BMP or WebP"
                    + " (starts with " + describeStart(bytes) + "); remove it or convert it to one of these formats");
        }
        ContainerInfo info = ContainerInspector.inspect(file, bytes, format);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(file, in, format);
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkSize(file, w, h);
                try (PixelBudget.Lease lease = budget.acquire((long) w * h)) {
                    return ImageReduction.reduce(read(file, reader, format, info, w, h), minSide);
                }
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (causedByOutOfMemory(e)) {
                throw new ImageMemoryException(file, e); // ImageIO wraps it: "Caught exception during read"
            }
            throw new ImageDecodeException(file, "cannot decode " + format.displayName() + " data ("
                    + describe(e) + "); the file is damaged or uses a variant no reader supports: re-export it", e);
        } catch (OutOfMemoryError e) {
            throw new ImageMemoryException(file, e);
        }
    }

    /** The pixel decode proper, run while the image's pixel budget is held. */
    private BufferedImage read(Path file, ImageReader reader, ImageFormat format, ContainerInfo info, int w, int h)
            throws IOException {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener(collector(warnings));
        int[] rgb;
        if (format == ImageFormat.JPEG && info.jpegComponents() == 4) {
            Raster raw = reader.readRaster(0, null);
            rgb = PilRgb.cmykJpeg(raw, info.adobeTransform());
        } else {
            BufferedImage decoded = reader.read(0, rawTypeParam(reader, format));
            w = decoded.getWidth();
            h = decoded.getHeight();
            rgb = PilRgb.fromImage(decoded);
        }
        refuseTruncationWarnings(file, format, warnings);
        return toImage(Orientation.apply(rgb, w, h, info.orientation()),
                Orientation.swapsAxes(info.orientation()) ? h : w,
                Orientation.swapsAxes(info.orientation()) ? w : h);
    }

    private byte[] readBytes(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(file, "no such file", e);
        } catch (IOException e) {
            throw new ImageDecodeException(file, "cannot read the file (" + describe(e) + ")", e);
        }
        if (Files.isDirectory(file)) {
            throw new ImageDecodeException(file, "is a folder, not an image file");
        }
        if (size == 0) {
            throw new ImageDecodeException(file, "empty file (0 bytes); remove it or copy the image again");
        }
        if (size > limits.maxFileBytes()) {
            throw new ImageDecodeException(file, "file is " + size + " bytes, more than the limit of "
                    + limits.maxFileBytes() + " bytes; shrink the image or raise the limit");
        }
        try {
            return Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new ImageDecodeException(file, "permission denied; make the file readable", e);
        } catch (IOException e) {
            throw new ImageDecodeException(file, "cannot read the file (" + describe(e) + ")", e);
        }
    }

    private void checkSize(Path file, int w, int h) {
        if (w <= 0 || h <= 0) {
            throw new ImageDecodeException(file, "the header gives an invalid size " + w + "x" + h);
        }
        long pixels = (long) w * h;
        if (pixels > limits.maxPixels()) {
            throw new ImageDecodeException(file, String.format(Locale.ROOT,
                    "image is %dx%d = %,d pixels, more than the limit of %,d; refused before decoding (a possible"
                            + " decompression bomb). Downscale it, or raise the pixel limit if it is genuine",
                    w, h, pixels, limits.maxPixels()));
        }
    }

    /**
     * For JPEG, asks for the reader's raw image type: TwelveMonkeys otherwise converts an embedded ICC profile
     * (Adobe RGB, Display P3, ...) to sRGB, changing the pixel values, while Pillow ignores the profile.
     */
    private static ImageReadParam rawTypeParam(ImageReader reader, ImageFormat format) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (format == ImageFormat.JPEG) {
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            if (raw != null) {
                param.setDestinationType(raw);
            }
        }
        return param;
    }

    private static ImageReader readerFor(Path file, ImageInputStream in, ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageDecodeException(file, "no image reader for this " + format.displayName()
                    + " file is installed; put TwelveMonkeys imageio-jpeg / imageio-webp on the class path");
        }
        return readers.next();
    }

    private static IIOReadWarningListener collector(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    private static void refuseTruncationWarnings(Path file, ImageFormat format, List<String> warnings) {
        for (String w : warnings) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.contains("premature end") || lower.contains("truncat") || lower.contains("unexpected end")) {
                throw new ImageDecodeException(file, "truncated " + format.displayName() + " data (" + w
                        + "); fetch the file again or remove it");
            }
            LOG.debug("{}: reader warning: {}", file, w);
        }
    }

    /** The pixels as a TYPE_INT_RGB image that wraps {@code rgb} (no copy: decoding a photo allocates it once). */
    private static BufferedImage toImage(int[] rgb, int w, int h) {
        WritableRaster raster = Raster.createPackedRaster(new DataBufferInt(rgb, rgb.length), w, h, w,
                new int[] {0xFF0000, 0xFF00, 0xFF}, null);
        BufferedImage out = new BufferedImage(INT_RGB, raster, false, null);
        if (out.getType() != BufferedImage.TYPE_INT_RGB) { // not expected on any JDK; keep the contract anyway
            out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            out.getRaster().setDataElements(0, 0, w, h, rgb);
        }
        return out;
    }

    private static final DirectColorModel INT_RGB = new DirectColorModel(24, 0xFF0000, 0xFF00, 0xFF);

    private static boolean causedByOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private static String describeStart(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(8, bytes.length);
        for (int i = 0; i < n; i++) {
            sb.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xFF));
            if (i < n - 1) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof IIOException && e.getCause() != null && e.getCause().getMessage() != null) {
            m = m + ": " + e.getCause().getMessage();
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
