package dev.autodistill4j.runtime.regions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Padding, rounding and clipping of crops; YOLO parsing to pixels, per-line refusal and canonical write-back. */
class CropsAndBoxesTest {
    @TempDir
    Path tmp;

    static RegionBox box(double x, double y, double w, double h) {
        return new RegionBox(0, x, y, w, h, 0, null, null);
    }

    @Test
    void paddingGrowsTheBoxOutwardsAndIsClippedToTheImage() {
        // 20x10 box at (10, 10), padding 0.1: 2 px left/right, 1 px top/bottom
        assertThat(Crops.rectangle(box(10, 10, 20, 10), 0.1, 100, 50)).containsExactly(8, 9, 32, 21);
        // touching the top-left corner: clipped at 0
        assertThat(Crops.rectangle(box(0, 0, 20, 16), 0.1, 80, 60)).containsExactly(0, 0, 22, 18);
        // touching the bottom-right corner: clipped at the image size
        assertThat(Crops.rectangle(box(60, 44, 20, 16), 0.5, 80, 60)).containsExactly(50, 36, 80, 60);
        // fractional boxes round outwards; float noise from a text format does not add a pixel
        assertThat(Crops.rectangle(box(10.5, 10.2, 5.2, 5.2), 0, 100, 100)).containsExactly(10, 10, 16, 16);
        assertThat(Crops.rectangle(box(7.9999999999, 0, 8.0000000001, 4), 0, 100, 100)).containsExactly(8, 0, 16, 4);
        // padding 0: the exact box
        assertThat(Crops.rectangle(box(3, 4, 5, 6), 0, 100, 100)).containsExactly(3, 4, 8, 10);
    }

    @Test
    void cropCopiesThePixels() {
        BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        img.setRGB(4, 5, 0xABCDEF);
        BufferedImage c = Crops.crop(img, new int[]{4, 5, 7, 9});
        assertThat(c.getWidth()).isEqualTo(3);
        assertThat(c.getHeight()).isEqualTo(4);
        assertThat(c.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xABCDEF);
    }

    @Test
    void yoloLinesBecomePixelsAndGoBackInCanonicalForm() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.txt"), "3 0.250000 0.5 0.1 0.2 0.87\n\n1 0.75 0.5 0.5 1.0\n");
        LoadedBoxes read = YoloBoxes.read(f, 200, 100, 4);
        List<RegionBox> boxes = read.boxes();
        assertThat(boxes).hasSize(2);
        assertThat(read.skipped()).isEmpty();
        assertThat(boxes.get(0).x()).isCloseTo(40, within(1e-9));
        assertThat(boxes.get(0).y()).isCloseTo(40, within(1e-9));
        assertThat(boxes.get(0).width()).isCloseTo(20, within(1e-9));
        assertThat(boxes.get(1).height()).isCloseTo(100, within(1e-9));
        assertThat(boxes.get(0).originalClass()).isEqualTo(3);
        assertThat(YoloBoxes.format(boxes, Arrays.asList(7, null))).isEqualTo("7 0.25 0.5 0.1 0.2\n");
        LoadedBoxes fewer = YoloBoxes.read(f, 200, 100, 3);
        assertThat(fewer.boxes()).hasSize(1).allSatisfy(b -> assertThat(b.originalClass()).isEqualTo(1));
        assertThat(fewer.skipped()).singleElement().asString().contains("a.txt line 1").contains("class id 3");
        Path frac = Files.writeString(tmp.resolve("b.txt"), "1.0 0.5 0.5 0.1 0.1\n");
        assertThat(YoloBoxes.read(frac, 10, 10, -1).skipped()).singleElement().asString()
                .contains("not a whole number");
        Path inf = Files.writeString(tmp.resolve("c.txt"), "1 1e400 0.5 0.1 0.1\n1 0.5 0.5 0.1 0.1 NaN\n");
        assertThat(YoloBoxes.read(inf, 10, 10, -1).skipped()).hasSize(2).first().asString()
                .contains("outside [0, 1]");
    }

    @Test
    void yoloNumbersAreTheDecimalsEveryReaderSharesAndAreSpelledOneWay() {
        for (String ok : new String[]{"0.25", "+0.25", "-0", ".25", "25.", "2.5e-1", "2.5E-01", "0.250000"}) {
            assertThat(YoloNumbers.decimal(ok)).as(ok).isEqualTo(Double.parseDouble(ok));
        }
        for (String bad : new String[]{"0x1p-2", "0.25f", "0.5d", "0.5D", "1_0", "inf", "nan", "Infinity", "NaN",
                "", ".", "e5", "1e", "0,5", "\u0660.5", " 0.5", "0.5 "}) {
            assertThat(YoloNumbers.decimal(bad)).as(bad).isNaN();
        }
        assertThat(YoloNumbers.classId("12")).isEqualTo(12);
        assertThat(YoloNumbers.classId("+1")).isEqualTo(-1);
        assertThat(YoloNumbers.classId("\u0663")).as("Arabic-Indic three").isEqualTo(-1);
        assertThat(YoloNumbers.canonical(0.25)).isEqualTo("0.25");
        assertThat(YoloNumbers.canonical(1.0)).isEqualTo("1");
        assertThat(YoloNumbers.canonical(-0.0)).isEqualTo("0");
        assertThat(YoloNumbers.canonical(1e-7)).isEqualTo("0.0000001");
        assertThat(YoloNumbers.canonical(0.18333333)).isEqualTo("0.18333333");
    }
}
