package dev.autodistill4j.search;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;

class PixelSignatureTest {
    private static BufferedImage scene(int w, int h, Color object, int objectX) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(30, 60, 60));
        g.fillRect(0, 0, w, h);
        g.setColor(object);
        g.fillOval(objectX * w / 100, h / 4, w / 3, h / 3);
        g.dispose();
        return img;
    }

    private static BufferedImage stripes(int w, int h, Color left, Color right) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x < w / 2 ? left : right).getRGB());
            }
        }
        return img;
    }

    private static BufferedImage scaled(BufferedImage img, int w, int h) {
        return scaled(img, w, h, true);
    }

    private static BufferedImage scaled(BufferedImage img, int w, int h, boolean bilinear) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, bilinear ? RenderingHints.VALUE_INTERPOLATION_BILINEAR
                : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    @Test
    void rescaledCopiesMatchAMovedOrRecolouredObjectDoesNot() {
        PixelSignature original = PixelSignature.of(scene(200, 120, Color.RED, 10));
        assertThat(original.nearIdenticalTo(original)).isTrue();
        assertThat(original.nearIdenticalTo(PixelSignature.of(scaled(scene(200, 120, Color.RED, 10), 100, 60))))
                .isTrue();
        assertThat(original.nearIdenticalTo(PixelSignature.of(scaled(scene(200, 120, Color.RED, 10), 400, 240))))
                .isTrue();
        assertThat(original.nearIdenticalTo(PixelSignature.of(scene(200, 120, Color.YELLOW, 10)))).isFalse();
        assertThat(original.nearIdenticalTo(PixelSignature.of(scene(200, 120, Color.RED, 50)))).isFalse();
    }

    @Test
    void imagesSmallerThanTheGridStillGetAFullSignature() {
        BufferedImage tiny = stripes(5, 3, Color.RED, Color.BLUE);
        PixelSignature s = PixelSignature.of(tiny);
        for (float v : s.cells()) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(s.nearIdenticalTo(PixelSignature.of(tiny))).isTrue();
        assertThat(s.nearIdenticalTo(PixelSignature.of(scaled(tiny, 80, 48, false)))).as("pixels enlarged")
                .isTrue();
        assertThat(s.nearIdenticalTo(PixelSignature.of(stripes(5, 3, Color.BLUE, Color.RED)))).isFalse();
    }
}
