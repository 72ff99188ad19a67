package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.autodistill4j.runtime.label.GeneratedImages.cmykJpeg;
import static dev.autodistill4j.runtime.label.GeneratedImages.gray;
import static dev.autodistill4j.runtime.label.GeneratedImages.jpeg;
import static dev.autodistill4j.runtime.label.GeneratedImages.palette;
import static dev.autodistill4j.runtime.label.GeneratedImages.png;
import static dev.autodistill4j.runtime.label.GeneratedImages.png16Gray;
import static dev.autodistill4j.runtime.label.GeneratedImages.png16Rgb;
import static dev.autodistill4j.runtime.label.GeneratedImages.pngClaiming;
import static dev.autodistill4j.runtime.label.GeneratedImages.solid;
import static dev.autodistill4j.runtime.label.GeneratedImages.transparent;
import static dev.autodistill4j.runtime.label.GeneratedImages.truncatedPng;
import static dev.autodistill4j.runtime.label.GeneratedImages.withExifOrientation;
import static dev.autodistill4j.runtime.label.GeneratedImages.write;
import static org.assertj.core.api.Assertions.assertThat;

/** Broken inputs become per-file errors while the run goes on; odd but valid images are labelled. */
class LabelRunnerInputsTest {
    static final CaptionOntology COLOURS = CaptionOntology.ofClasses(List.of("red", "green", "blue", "black", "white"));

    @TempDir
    Path tmp;

    private Map<String, ManifestRecord> label(Path in, long maxPixels) {
        LabelConfig c = LabelConfig.builder().model("test-colour").ontology(COLOURS).input(in)
                .output(tmp.resolve("out")).batchSize(3).maxPixels(maxPixels).build();
        new LabelRunner(BaseModelRegistry.discover()).run(c, ProgressListener.NONE);
        return Manifest.read(c.output().resolve(Manifest.FILE_NAME)).stream()
                .collect(Collectors.toMap(r -> Path.of(r.source()).getFileName().toString(), Function.identity()));
    }

    @Test
    void unreadableInputsEachGetAnErrorAndTheRunContinues() {
        Path in = tmp.resolve("in");
        write(in.resolve("a-good.png"), png(solid(6, 6, 0xFF0000)));
        write(in.resolve("b-empty.png"), new byte[0]);
        write(in.resolve("c-truncated.png"), truncatedPng(solid(64, 64, 0x00FF00)));
        write(in.resolve("d-text.jpg"), "this is not a JPEG\n".getBytes(StandardCharsets.UTF_8));
        write(in.resolve("e-bomb.png"), pngClaiming(20000, 20000));
        write(in.resolve("f-large.png"), png(solid(100, 100, 0x0000FF)));
        write(in.resolve("g-good.jpg"), jpeg(solid(6, 6, 0x0000FF)));

        Map<String, ManifestRecord> r = label(in, 5000);
        assertThat(r).hasSize(7);
        for (String bad : List.of("b-empty.png", "c-truncated.png", "d-text.jpg", "e-bomb.png", "f-large.png")) {
            assertThat(r.get(bad).error()).as(bad).isNotBlank().contains(bad);
            assertThat(r.get(bad).className()).isNull();
            assertThat(r.get(bad).file()).as("unreadable files are not copied").isNull();
        }
        assertThat(r.get("b-empty.png").sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(r.get("a-good.png").className()).isEqualTo("red");
        assertThat(r.get("g-good.jpg").className()).isEqualTo("blue");
    }

    @Test
    void defaultLimitStillRefusesTheBombButDecodesLargeImages() {
        Path in = tmp.resolve("in");
        write(in.resolve("e-bomb.png"), pngClaiming(20000, 20000));
        write(in.resolve("f-large.png"), png(solid(100, 100, 0x0000FF)));
        Map<String, ManifestRecord> r = label(in, dev.autodistill4j.runtime.image.ImageLimits.DEFAULT_MAX_PIXELS);
        assertThat(r.get("e-bomb.png").error()).contains("e-bomb.png");
        assertThat(r.get("f-large.png").className()).isEqualTo("blue");
    }

    @Test
    void oddButValidImagesAreLabelled() {
        Path in = tmp.resolve("in");
        write(in.resolve("one-by-one.png"), png(solid(1, 1, 0x00FF00)));
        write(in.resolve("sixteen-bit-rgb.png"), png16Rgb(5, 4, 65535, 0, 0));
        write(in.resolve("sixteen-bit-gray.png"), png16Gray(5, 4, 65535));
        write(in.resolve("gray.png"), gray(7, 3, 10));
        write(in.resolve("palette.png"), palette(6, 6, 0x0000FF));
        write(in.resolve("alpha.png"), transparent(6, 6, 0xFF0000));
        write(in.resolve("cmyk.jpg"), cmykJpeg(8, 8, 0, 255, 255, 0));
        write(in.resolve("exif-rotated.jpg"), withExifOrientation(jpeg(solid(12, 4, 0x00FF00)), 6));
        write(in.resolve("UPPER.JPEG"), jpeg(solid(4, 4, 0xFFFFFF)));

        Map<String, ManifestRecord> r = label(in, dev.autodistill4j.runtime.image.ImageLimits.DEFAULT_MAX_PIXELS);
        assertThat(r).hasSize(9);
        assertThat(r.values()).allSatisfy(rec -> {
            assertThat(rec.error()).as(rec.source()).isNull();
            assertThat(rec.scores()).hasSize(5);
        });
        assertThat(r.get("one-by-one.png").className()).isEqualTo("green");
        assertThat(r.get("sixteen-bit-rgb.png").className()).isEqualTo("red");
        assertThat(r.get("sixteen-bit-gray.png").className()).isEqualTo("white");
        assertThat(r.get("gray.png").className()).isEqualTo("black");
        assertThat(r.get("palette.png").className()).isEqualTo("blue");
        assertThat(r.get("alpha.png").className()).as("alpha dropped, not composited").isEqualTo("red");
        assertThat(r.get("exif-rotated.jpg").className()).isEqualTo("green");
        assertThat(r.get("UPPER.JPEG").className()).isEqualTo("white");
        assertThat(r.get("cmyk.jpg").className()).as("decoded, whatever its colour").isNotNull();
    }
}
