package dev.autodistill4j.runtime.image;

import java.nio.file.Path;

import static dev.autodistill4j.runtime.image.ImageFormat.u8;

/**
 * Walks the container structure of an image file (JPEG segments, PNG chunks, GIF blocks, the BMP pixel
 * array, the RIFF size of a WebP) before any pixel is decoded.
 *
 * <p>Why: ImageIO readers are lenient. A PNG cut off in the middle of its IDAT, or a JPEG missing the end of its
 * entropy-coded data, is returned as an image whose lower part is grey or black, with at most a warning. Such
 * an image would silently be labelled (or embedded) as if it were whole. Pillow raises "image file is
 * truncated" for the same files, so refusing them here keeps us equal to the reference and honest with the
 * user. The same walk yields the EXIF orientation and, for JPEG, the facts needed to convert CMYK as Pillow
 * does.
 */
final class ContainerInspector {
    private static final int TAG_ORIENTATION = 0x0112;

    private ContainerInspector() {
    }

    static ContainerInfo inspect(Path file, byte[] b, ImageFormat format) {
        return switch (format) {
            case JPEG -> jpeg(file, b);
            case PNG -> png(file, b);
            case GIF -> gif(file, b);
            case BMP -> bmp(file, b);
            case WEBP -> webp(file, b);
        };
    }

    private static ImageDecodeException truncated(Path file, ImageFormat format, String detail) {
        return new ImageDecodeException(file, "truncated " + format.displayName() + " file (" + detail
                + "); the file was probably cut off while copying or downloading: fetch it again or remove it");
    }

    private static ImageDecodeException corrupt(Path file, ImageFormat format, String detail) {
        return new ImageDecodeException(file, "corrupt " + format.displayName() + " file (" + detail
                + "); re-export or remove it");
    }

    private static ContainerInfo jpeg(Path file, byte[] b) {
        int n = b.length;
        int orientation = 1;
        int components = 0;
        int adobe = -1;
        int i = 2;
        while (i < n) {
            if (u8(b, i) != 0xFF) {
                throw corrupt(file, ImageFormat.JPEG, "expected a marker at byte " + i);
            }
            while (i + 1 < n && u8(b, i + 1) == 0xFF) {
                i++; // fill bytes
            }
            if (i + 1 >= n) {
                break;
            }
            int marker = u8(b, i + 1);
            if (marker == 0xD9) {
                throw corrupt(file, ImageFormat.JPEG, "end of image before any image data");
            }
            if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                i += 2;
                continue;
            }
            if (i + 4 > n) {
                break;
            }
            int length = u16be(b, i + 2);
            if (length < 2) {
                throw corrupt(file, ImageFormat.JPEG, "segment of length " + length + " at byte " + i);
            }
            int data = i + 4;
            int end = i + 2 + length;
            if (end > n) {
                break;
            }
            int dataLength = end - data;
            if (marker == 0xE1 && orientation == 1 && startsWith(b, data, dataLength, "Exif\0\0")) {
                orientation = tiffOrientation(b, data + 6, dataLength - 6);
            } else if (marker == 0xEE && dataLength >= 12 && startsWith(b, data, dataLength, "Adobe")) {
                adobe = u8(b, data + 11);
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                if (dataLength < 6) {
                    throw corrupt(file, ImageFormat.JPEG, "frame header too short");
                }
                components = u8(b, data + 5);
            } else if (marker == 0xDA) {
                if (components == 0) {
                    throw corrupt(file, ImageFormat.JPEG, "scan before frame header");
                }
                for (int j = end; j + 1 < n; j++) {
                    if (u8(b, j) == 0xFF && u8(b, j + 1) == 0xD9) {
                        return new ContainerInfo(ImageFormat.JPEG, orientation, components, adobe);
                    }
                }
                throw truncated(file, ImageFormat.JPEG, "no end-of-image marker after the image data");
            }
            i = end;
        }
        throw truncated(file, ImageFormat.JPEG, "ends before the image data");
    }

    private static ContainerInfo png(Path file, byte[] b) {
        int n = b.length;
        int orientation = 1;
        boolean sawData = false;
        long i = 8;
        boolean first = true;
        while (i + 8 <= n) {
            long length = u32be(b, (int) i);
            String type = new String(b, (int) i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (first && !type.equals("IHDR")) {
                throw corrupt(file, ImageFormat.PNG, "first chunk is '" + type + "', not IHDR");
            }
            first = false;
            if (i + 12 + length > n) {
                throw truncated(file, ImageFormat.PNG, "chunk '" + type + "' at byte " + i + " claims " + length
                        + " bytes but the file ends at " + n);
            }
            int data = (int) i + 8;
            switch (type) {
                case "IDAT" -> sawData = true;
                case "eXIf" -> orientation = tiffOrientation(b, data, (int) length);
                case "IEND" -> {
                    if (!sawData) {
                        throw corrupt(file, ImageFormat.PNG, "no IDAT chunk");
                    }
                    return new ContainerInfo(ImageFormat.PNG, orientation, 0, -1);
                }
                default -> {
                }
            }
            i += 12 + length;
        }
        throw truncated(file, ImageFormat.PNG, "no IEND chunk");
    }

    /**
     * Walks GIF blocks up to the end of the first image's data (the frame Pillow returns). A missing trailer
     * after complete image data is accepted, as Pillow accepts it; data that ends inside the first image is not.
     */
    private static ContainerInfo gif(Path file, byte[] b) {
        int n = b.length;
        if (n < 13) {
            throw truncated(file, ImageFormat.GIF, "shorter than its header");
        }
        int flags = u8(b, 10);
        int i = 13 + ((flags & 0x80) != 0 ? 3 * (1 << ((flags & 7) + 1)) : 0);
        while (i < n) {
            int type = u8(b, i);
            if (type == 0x21) {
                i = skipSubBlocks(file, b, i + 2);
            } else if (type == 0x2C) {
                if (i + 10 > n) {
                    break;
                }
                int local = u8(b, i + 9);
                i += 10 + ((local & 0x80) != 0 ? 3 * (1 << ((local & 7) + 1)) : 0);
                skipSubBlocks(file, b, i + 1); // LZW minimum code size, then the data sub-blocks
                return new ContainerInfo(ImageFormat.GIF, 1, 0, -1);
            } else if (type == 0x3B) {
                throw corrupt(file, ImageFormat.GIF, "no image before the trailer");
            } else {
                throw corrupt(file, ImageFormat.GIF, String.format(java.util.Locale.ROOT,
                        "unknown block 0x%02x at byte %d", type, i));
            }
        }
        throw truncated(file, ImageFormat.GIF, "ends before the first image's data");
    }

    /** The index after a chain of GIF sub-blocks (size byte + data, ended by a zero size) starting at {@code i}. */
    private static int skipSubBlocks(Path file, byte[] b, int i) {
        while (i < b.length) {
            int size = u8(b, i);
            if (size == 0) {
                return i + 1;
            }
            i += 1 + size;
        }
        throw truncated(file, ImageFormat.GIF, "image data cut off");
    }

    private static ContainerInfo bmp(Path file, byte[] b) {
        int n = b.length;
        if (n < 26) {
            throw truncated(file, ImageFormat.BMP, "shorter than its header");
        }
        long dataOffset = u32le(b, 10);
        long headerSize = u32le(b, 14);
        long width;
        long height;
        int bpp;
        long compression = 0;
        if (headerSize == 12) {
            width = u16le(b, 18);
            height = u16le(b, 20);
            bpp = u16le(b, 24);
        } else if (headerSize >= 40 && n >= 34) {
            width = (int) u32le(b, 18);
            height = Math.abs((long) (int) u32le(b, 22));
            bpp = u16le(b, 28);
            compression = u32le(b, 30);
        } else {
            throw corrupt(file, ImageFormat.BMP, "unknown header size " + headerSize);
        }
        if (width <= 0 || height <= 0 || bpp <= 0) {
            throw corrupt(file, ImageFormat.BMP, "size " + width + "x" + height + " at " + bpp + " bits");
        }
        boolean uncompressed = compression == 0 || compression == 3 || compression == 6;
        if (uncompressed) {
            long rowBytes = (bpp * width + 31) / 32 * 4;
            long needed = dataOffset + rowBytes * height;
            if (needed > n) {
                throw truncated(file, ImageFormat.BMP, "pixel data needs " + needed + " bytes, file has " + n);
            }
        } else if (dataOffset >= n) {
            throw truncated(file, ImageFormat.BMP, "pixel data starts past the end of the file");
        }
        return new ContainerInfo(ImageFormat.BMP, 1, 0, -1);
    }

    private static ContainerInfo webp(Path file, byte[] b) {
        int n = b.length;
        long riffSize = u32le(b, 4);
        if (riffSize + 8 > n) {
            throw truncated(file, ImageFormat.WEBP, "RIFF size " + (riffSize + 8) + " bytes, file has " + n);
        }
        int orientation = 1;
        long i = 12;
        long end = riffSize + 8;
        while (i + 8 <= end) {
            String fourcc = new String(b, (int) i, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = u32le(b, (int) i + 4);
            if (i + 8 + size > end) {
                throw truncated(file, ImageFormat.WEBP, "chunk '" + fourcc.trim() + "' runs past the end");
            }
            if (fourcc.equals("EXIF")) {
                int data = (int) i + 8;
                int length = (int) size;
                if (startsWith(b, data, length, "Exif\0\0")) {
                    data += 6;
                    length -= 6;
                }
                orientation = tiffOrientation(b, data, length);
            }
            i += 8 + size + (size & 1);
        }
        return new ContainerInfo(ImageFormat.WEBP, orientation, 0, -1);
    }

    /** The orientation tag of IFD0 in a TIFF structure (EXIF payload), or 1 when absent or invalid. */
    static int tiffOrientation(byte[] b, int off, int len) {
        if (len < 8 || off < 0 || off + len > b.length) {
            return 1;
        }
        boolean little;
        if (b[off] == 'I' && b[off + 1] == 'I') {
            little = true;
        } else if (b[off] == 'M' && b[off + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        if (u16(b, off + 2, little) != 42) {
            return 1;
        }
        long ifd = u32(b, off + 4, little);
        if (ifd < 8 || ifd + 2 > len) {
            return 1;
        }
        int count = u16(b, off + (int) ifd, little);
        for (int k = 0; k < count; k++) {
            long entry = ifd + 2 + 12L * k;
            if (entry + 12 > len) {
                break;
            }
            int e = off + (int) entry;
            if (u16(b, e, little) == TAG_ORIENTATION) {
                int type = u16(b, e + 2, little);
                long value = switch (type) {
                    case 3 -> u16(b, e + 8, little);
                    case 4 -> u32(b, e + 8, little);
                    default -> 1;
                };
                return value >= 1 && value <= 8 ? (int) value : 1;
            }
        }
        return 1;
    }

    private static boolean startsWith(byte[] b, int off, int len, String prefix) {
        if (len < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (b[off + k] != (byte) prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? u16le(b, i) : u16be(b, i);
    }

    private static long u32(byte[] b, int i, boolean little) {
        return little ? u32le(b, i) : u32be(b, i);
    }

    private static int u16be(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    private static int u16le(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8);
    }

    private static long u32be(byte[] b, int i) {
        return ((long) u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3);
    }

    private static long u32le(byte[] b, int i) {
        return ((long) u8(b, i + 3) << 24) | (u8(b, i + 2) << 16) | (u8(b, i + 1) << 8) | u8(b, i);
    }
}
