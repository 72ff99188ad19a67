package dev.autodistill4j.runtime.image;

/**
 * Applies an EXIF orientation (1-8) to packed pixels, as Pillow's {@code ImageOps.exif_transpose} does:
 * 2 mirror, 3 rotate 180°, 4 flip vertically, 5 transpose, 6 rotate 90° clockwise, 7 transverse,
 * 8 rotate 90° counter-clockwise. Cameras store the sensor's pixels and only this tag says which side is up;
 * without it a portrait photo reaches the model lying on its side.
 */
final class Orientation {

    private Orientation() {
    }

    /** Width and height after orienting. */
    static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    static int[] apply(int[] in, int w, int h, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return in;
        }
        boolean swap = swapsAxes(orientation);
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] out = new int[in.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                out[y * ow + x] = in[sy * w + sx];
            }
        }
        return out;
    }
}
