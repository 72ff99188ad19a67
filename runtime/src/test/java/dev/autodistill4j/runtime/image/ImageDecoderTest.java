package dev.autodistill4j.runtime.image;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageDecoderTest {
    @TempDir
    Path dir;

    private final ImageDecoder decoder = ImageDecoder.defaults();

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static int[] rgb(BufferedImage img, int x, int y) {
        int v = img.getRGB(x, y);
        return new int[] {(v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF};
    }

    private static BufferedImage noise(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        return img;
    }

    @Test
    void onePixelPng() throws IOException {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0x123456);
        BufferedImage out = decoder.decode(write("one.png", TestImages.png(one)));
        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(out.getWidth()).isEqualTo(1);
        assertThat(out.getHeight()).isEqualTo(1);
        assertThat(rgb(out, 0, 0)).containsExactly(0x12, 0x34, 0x56);
    }

    @Test
    void rgbPngIsExact() throws IOException {
        BufferedImage img = noise(37, 23, 1);
        BufferedImage out = decoder.decode(write("noise.PNG", TestImages.png(img)));
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                assertThat(out.getRGB(x, y)).isEqualTo(img.getRGB(x, y));
            }
        }
    }

    @Test
    void grayscaleIsExpandedWithoutGammaConversion() throws IOException {
        BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = gray.getRaster();
        r.setSample(0, 0, 0, 0);
        r.setSample(1, 0, 0, 128);
        r.setSample(2, 0, 0, 255);
        BufferedImage out = decoder.decode(write("gray.png", TestImages.png(gray)));
        // PIL's convert("RGB") copies L into R, G and B; Java's getRGB on the grey image would give 128 -> 55 or 187.
        assertThat(rgb(out, 0, 0)).containsExactly(0, 0, 0);
        assertThat(rgb(out, 1, 0)).containsExactly(128, 128, 128);
        assertThat(rgb(out, 2, 0)).containsExactly(255, 255, 255);
    }

    @Test
    void sixteenBitGrayIsClippedLikePillowModeI16() throws IOException {
        BufferedImage g16 = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = g16.getRaster();
        r.setSample(0, 0, 0, 0);
        r.setSample(1, 0, 0, 100);
        r.setSample(2, 0, 0, 1000);
        r.setSample(3, 0, 0, 65535);
        BufferedImage out = decoder.decode(write("g16.png", TestImages.png(g16)));
        assertThat(rgb(out, 0, 0)).containsExactly(0, 0, 0);
        assertThat(rgb(out, 1, 0)).containsExactly(100, 100, 100);
        assertThat(rgb(out, 2, 0)).containsExactly(255, 255, 255);
        assertThat(rgb(out, 3, 0)).containsExactly(255, 255, 255);
    }

    @Test
    void sixteenBitRgbKeepsTheHighByte() throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(2, 1);
        r.setPixel(0, 0, new int[] {0x12FF, 0xFFFF, 0x00FF});
        r.setPixel(1, 0, new int[] {0x8000, 0x7FFF, 0x0100});
        BufferedImage img = new BufferedImage(cm, r, false, null);
        BufferedImage out = decoder.decode(write("rgb16.png", TestImages.png(img)));
        assertThat(rgb(out, 0, 0)).containsExactly(0x12, 0xFF, 0x00);
        assertThat(rgb(out, 1, 0)).containsExactly(0x80, 0x7F, 0x01);
    }

    @Test
    void alphaIsDroppedNotComposited() throws IOException {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00FF8040); // fully transparent, colour must survive
        argb.setRGB(1, 0, 0x80102030);
        argb.setRGB(2, 0, 0xFFABCDEF);
        BufferedImage out = decoder.decode(write("alpha.png", TestImages.png(argb)));
        assertThat(rgb(out, 0, 0)).containsExactly(0xFF, 0x80, 0x40);
        assertThat(rgb(out, 1, 0)).containsExactly(0x10, 0x20, 0x30);
        assertThat(rgb(out, 2, 0)).containsExactly(0xAB, 0xCD, 0xEF);
    }

    @Test
    void grayWithAlphaDropsAlpha() throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(2, 1);
        r.setPixel(0, 0, new int[] {77, 0});
        r.setPixel(1, 0, new int[] {200, 128});
        BufferedImage out = decoder.decode(write("la.png", TestImages.png(new BufferedImage(cm, r, false, null))));
        assertThat(rgb(out, 0, 0)).containsExactly(77, 77, 77);
        assertThat(rgb(out, 1, 0)).containsExactly(200, 200, 200);
    }

    @Test
    void paletteIsExpandedIgnoringTransparency() throws IOException {
        byte[] red = {(byte) 250, 0, 10, 1};
        byte[] green = {5, (byte) 200, 20, 2};
        byte[] blue = {7, 30, (byte) 190, 3};
        byte[] alpha = {(byte) 255, 0, (byte) 255, (byte) 255};
        IndexColorModel icm = new IndexColorModel(8, 4, red, green, blue, alpha);
        BufferedImage p = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
        for (int x = 0; x < 4; x++) {
            p.getRaster().setSample(x, 0, 0, x);
        }
        BufferedImage out = decoder.decode(write("palette.png", TestImages.png(p)));
        assertThat(rgb(out, 0, 0)).containsExactly(250, 5, 7);
        assertThat(rgb(out, 1, 0)).containsExactly(0, 200, 30);
        assertThat(rgb(out, 2, 0)).containsExactly(10, 20, 190);
        assertThat(rgb(out, 3, 0)).containsExactly(1, 2, 3);
    }

    @Test
    void gifAndBmpDecode() throws IOException {
        byte[] red = new byte[256];
        byte[] green = new byte[256];
        byte[] blue = new byte[256];
        for (int i = 0; i < 256; i++) {
            red[i] = (byte) i;
            green[i] = (byte) (255 - i);
            blue[i] = (byte) (i * 7);
        }
        BufferedImage p = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, red, green, blue));
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                p.getRaster().setSample(x, y, 0, y * 16 + x);
            }
        }
        BufferedImage gif = decoder.decode(write("p.gif", TestImages.encode(p, "gif")));
        assertThat(gif.getWidth()).isEqualTo(16);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                assertThat(gif.getRGB(x, y)).isEqualTo(p.getRGB(x, y));
            }
        }

        BufferedImage img = noise(7, 5, 2);
        BufferedImage bmp = decoder.decode(write("n.bmp", TestImages.encode(img, "bmp")));
        assertThat(bmp.getRGB(6, 4)).isEqualTo(img.getRGB(6, 4));
        assertThat(bmp.getRGB(0, 0)).isEqualTo(img.getRGB(0, 0));
    }

    /** CPython's 16x16 lossy WebP test image (VP8X + ALPH + VP8, Lib/test/imghdrdata/python.webp, PSF licence). */
    private static final String PYTHON_WEBP =
            "UklGRqgBAABXRUJQVlA4WAoAAAAQAAAADwAADwAAQUxQSMMAAAABJ6KokSTleucYX+ffKpmImP90cY3gJjDi4Yt3MsjBEVyDKzDo" +
            "sHgVjnhRNcEIDAJPkqBqsFUZHNa2bUYvTsZ2PLbtd/uvKa4hov9J0f2PkPe6REkkGzolkTTzFG0Ox9PlFiD0CxS+kOGDtxoynjaC" +
            "fx0pfk52CPuInrOR75lzRugygtv4zEiy90UwfSD9NheMITJWLaXWayO8XeOlWRXVnIGk2W6WdYoYMQ+KqixQNPowgt+6a1BSKbUt" +
            "z+lUFAoBAAAAVlA4IL4AAACQAgCdASoQABAAAwA0JbACdDBPCIUMfAMdCCz96AD+/XSg/QKbH4r3Q3ycN/bSDK/T/zVo4u6nvclv" +
            "G/SqxWOuup+XhN9BojvaW+Tv+MvxvX/hr/o/5Qns9LtmX/+qKdl/yWznhuasl7nkxvSTI4xf3Y85VSB/lU/8Ofj/b9JrA+ifvIOY" +
            "Zm2x1RP/dhfmsf5diuSfR7+z+r/+HR3zEo/+XM/B+vkYw73Pzx+ROaAB/ZoBSzEs3rzZe6qsAAAA";

    @Test
    void lossyWebpWithAlphaDecodes() throws IOException {
        byte[] webp = java.util.Base64.getDecoder().decode(PYTHON_WEBP);
        BufferedImage out = decoder.decode(write("python.webp", webp));
        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(out.getWidth()).isEqualTo(16);
        assertThat(out.getHeight()).isEqualTo(16);
        Path cut = write("cut.webp", Arrays.copyOf(webp, webp.length - 50));
        assertThatThrownBy(() -> decoder.decode(cut)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("truncated WebP");
    }

    @Test
    void cmykJpegIsConvertedAsPillowDoes() throws IOException {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                cmyk.setPixel(x, y, new int[] {200, 50, 10, 30});
            }
        }
        byte[] jpeg = TestImages.jpeg(null, cmyk);
        BufferedImage out = decoder.decode(write("cmyk.jpg", jpeg));
        // Pillow: raw mode CMYK;I inverts (55,205,245,225); nk = 30; R = 30 - 55*30/255 ... = (24, 6, 1).
        int[] px = rgb(out, 8, 8);
        assertThat(px[0]).isBetween(23, 25);
        assertThat(px[1]).isBetween(5, 7);
        assertThat(px[2]).isBetween(0, 2);
    }

    @Test
    void embeddedIccProfileIsIgnoredAsPillowDoes() throws IOException {
        byte[] plain = TestImages.jpeg(noise(24, 24, 8), null);
        byte[] profile = java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        BufferedImage a = decoder.decode(write("plain.jpg", plain));
        BufferedImage b = decoder.decode(write("linear-rgb-profile.jpg", TestImages.withIccProfile(plain, profile)));
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                assertThat(b.getRGB(x, y)).isEqualTo(a.getRGB(x, y));
            }
        }
    }

    @Test
    void exifOrientationSixRotatesAJpegClockwise() throws IOException {
        BufferedImage img = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                img.setRGB(x, y, x < 16 ? 0xFF0000 : 0x0000FF);
            }
        }
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(img, null), 6);
        BufferedImage out = decoder.decode(write("rotated.jpeg", jpeg));
        assertThat(out.getWidth()).isEqualTo(16);
        assertThat(out.getHeight()).isEqualTo(32);
        assertThat(rgb(out, 8, 4)[0]).isGreaterThan(200); // the left (red) half is now on top
        assertThat(rgb(out, 8, 4)[2]).isLessThan(50);
        assertThat(rgb(out, 8, 28)[2]).isGreaterThan(200);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationMovesCornersAsPillowExifTranspose(int orientation) throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                img.setRGB(x, y, (y * 3 + x + 1) * 0x101010);
            }
        }
        int topLeft = img.getRGB(0, 0) & 0xFFFFFF;
        int topRight = img.getRGB(2, 0) & 0xFFFFFF;
        byte[] png = TestImages.pngWithExifOrientation(TestImages.png(img), orientation);
        BufferedImage out = decoder.decode(write("o" + orientation + ".png", png));
        boolean swapped = orientation >= 5;
        assertThat(out.getWidth()).isEqualTo(swapped ? 2 : 3);
        assertThat(out.getHeight()).isEqualTo(swapped ? 3 : 2);
        int r = out.getWidth() - 1;
        int b = out.getHeight() - 1;
        // Where the original top-left and top-right pixels land (Pillow's Transpose for each orientation).
        int[][] expected = switch (orientation) {
            case 1 -> new int[][] {{0, 0}, {r, 0}};
            case 2 -> new int[][] {{r, 0}, {0, 0}};
            case 3 -> new int[][] {{r, b}, {0, b}};
            case 4 -> new int[][] {{0, b}, {r, b}};
            case 5 -> new int[][] {{0, 0}, {0, b}};
            case 6 -> new int[][] {{r, 0}, {r, b}};
            case 7 -> new int[][] {{r, b}, {r, 0}};
            default -> new int[][] {{0, b}, {0, 0}};
        };
        assertThat(out.getRGB(expected[0][0], expected[0][1]) & 0xFFFFFF).isEqualTo(topLeft);
        assertThat(out.getRGB(expected[1][0], expected[1][1]) & 0xFFFFFF).isEqualTo(topRight);
    }

    @Test
    void zeroByteFileIsRefused() throws IOException {
        Path p = write("empty.jpg", new byte[0]);
        assertThatThrownBy(() -> decoder.decode(p)).isInstanceOf(ImageDecodeException.class)
                .isInstanceOf(Autodistill4jException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("empty");
    }

    @Test
    void textNamedJpgIsRefused() throws IOException {
        Path p = write("notes.jpg", "this is not a picture\n".getBytes());
        assertThatThrownBy(() -> decoder.decode(p)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("not an image");
    }

    @Test
    void truncatedPngIsRefused() throws IOException {
        byte[] png = TestImages.png(noise(64, 64, 3));
        Path p = write("cut.png", Arrays.copyOf(png, png.length / 2));
        assertThatThrownBy(() -> decoder.decode(p)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("truncated PNG");
    }

    @Test
    void truncatedJpegIsRefused() throws IOException {
        byte[] jpeg = TestImages.jpeg(noise(64, 64, 4), null);
        Path p = write("cut.jpg", Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
        assertThatThrownBy(() -> decoder.decode(p)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("truncated JPEG");
    }

    @Test
    void truncatedGifAndBmpAreRefused() throws IOException {
        byte[] bmp = TestImages.encode(noise(20, 20, 5), "bmp");
        Path b = write("cut.bmp", Arrays.copyOf(bmp, bmp.length - 100));
        assertThatThrownBy(() -> decoder.decode(b)).hasMessageContaining("truncated BMP");
        BufferedImage p = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_INDEXED);
        byte[] gif = TestImages.encode(p, "gif");
        Path g = write("cut.gif", Arrays.copyOf(gif, gif.length - 3));
        assertThatThrownBy(() -> decoder.decode(g)).hasMessageContaining("truncated GIF");
        // only the trailer missing: the image data is complete, Pillow opens it, so do we
        Path noTrailer = write("no-trailer.gif", Arrays.copyOf(gif, gif.length - 1));
        assertThat(decoder.decode(noTrailer).getWidth()).isEqualTo(20);
    }

    @ParameterizedTest
    @ValueSource(ints = {20000, 60000})
    void headerClaimingHugeSizeIsRefusedBeforeDecoding(int side) throws IOException {
        // 60000x60000 RGB would need 10.8 GB: the test can only pass if no pixel buffer is allocated.
        Path p = write("bomb.png", TestImages.pngClaiming(side, side));
        assertThatThrownBy(() -> decoder.decode(p)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining(side + "x" + side)
                .hasMessageContaining("limit");
    }

    @Test
    void pixelLimitIsConfigurable() throws IOException {
        Path p = write("small.png", TestImages.png(noise(11, 10, 6)));
        ImageDecoder strict = new ImageDecoder(ImageLimits.defaults().withMaxPixels(100));
        assertThatThrownBy(() -> strict.decode(p)).hasMessageContaining("110 pixels");
        ImageDecoder enough = new ImageDecoder(ImageLimits.defaults().withMaxPixels(110));
        assertThat(enough.decode(p).getWidth()).isEqualTo(11);
    }

    @Test
    void missingFileAndFolderAreRefused() {
        Path missing = dir.resolve("nope.png");
        assertThatThrownBy(() -> decoder.decode(missing)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> decoder.decode(dir)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("folder");
    }

    @Test
    void corruptPixelDataIsRefusedNotReturnedGrey() throws IOException {
        byte[] png = TestImages.png(noise(32, 32, 7));
        // Keep the structure (IEND present) but scramble the compressed data.
        byte[] broken = png.clone();
        for (int i = 60; i < broken.length - 40; i++) {
            broken[i] = (byte) (broken[i] * 31 + 7);
        }
        Path p = write("scrambled.png", broken);
        assertThatThrownBy(() -> decoder.decode(p)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(p.toString());
    }

    @Test
    void decodesEveryFixtureImage() throws IOException {
        Path images = Fixtures.resolve("clip/images");
        try (var files = Files.list(images)) {
            for (Path f : files.sorted().toList()) {
                BufferedImage out = decoder.decode(f);
                assertThat(out.getType()).as(f.toString()).isEqualTo(BufferedImage.TYPE_INT_RGB);
                assertThat(out.getWidth() * out.getHeight()).as(f.toString()).isPositive();
            }
        }
        BufferedImage gray = decoder.decode(images.resolve("gray.png"));
        assertThat(gray.getWidth()).isEqualTo(120);
        int[] px = rgb(gray, 60, 60);
        assertThat(px[0]).isEqualTo(px[1]).isEqualTo(px[2]);
        BufferedImage wide = decoder.decode(images.resolve("gradient_wide.png"));
        assertThat(wide.getWidth()).isEqualTo(200);
        assertThat(wide.getHeight()).isEqualTo(100);
    }
}
