package dev.autodistill4j.runtime.image;

/**
 * The container formats the decoder accepts, recognised by their magic bytes (never by the file name: a text
 * file named {@code .jpg} must be refused, and a PNG named {@code .jpg} is still a PNG).
 */
enum ImageFormat {
    JPEG("JPEG"), PNG("PNG"), GIF("GIF"), BMP("BMP"), WEBP("WebP");

    private final String displayName;

    ImageFormat(String displayName) {
        this.displayName = displayName;
    }

    String displayName() {
        return displayName;
    }

    /** The format the bytes start with, or {@code null} when they are none of the supported ones. */
    static ImageFormat sniff(byte[] b) {
        if (b.length >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
            return JPEG;
        }
        if (b.length >= 8 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return PNG;
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8'
                && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return GIF;
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return BMP;
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return WEBP;
        }
        return null;
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
