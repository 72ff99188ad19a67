package dev.autodistill4j.runtime.image;

/**
 * Bounds an image must respect before a single pixel is allocated.
 *
 * <p>A 20000×20000 PNG is a few hundred bytes on disk but 1.6 GB once decoded; the decoder reads the size from
 * the header and refuses such files up front. Pillow refuses at about 179 MP (its decompression-bomb limit);
 * the default here is a little lower, 100 MP, which still admits any camera photo.
 *
 * @param maxPixels largest accepted width × height
 * @param maxFileBytes largest accepted file size in bytes (the file is read into memory once)
 */
public record ImageLimits(long maxPixels, long maxFileBytes) {

    /** 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** 512 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 512L * 1024 * 1024;

    public ImageLimits {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        if (maxFileBytes < 1 || maxFileBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxFileBytes must be in 1.." + (Integer.MAX_VALUE - 8)
                    + ", got " + maxFileBytes);
        }
    }

    /** The default limits (100 MP, 512 MiB). */
    public static ImageLimits defaults() {
        return new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FILE_BYTES);
    }

    /** These limits with another pixel limit. */
    public ImageLimits withMaxPixels(long pixels) {
        return new ImageLimits(pixels, maxFileBytes);
    }
}
