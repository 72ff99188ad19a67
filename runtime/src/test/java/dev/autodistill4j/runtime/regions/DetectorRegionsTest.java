package dev.autodistill4j.runtime.regions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.model.DetectionModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.testing.ColourHistogramModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code label-regions} with boxes from a detector: the test-scope {@code fake-detector} (one box per blob, found
 * through ServiceLoader like any provider) finds the rectangles of coloured scenes and {@code test-colour} names
 * them — the runtime keeps, suppresses and writes the boxes.
 */
@SuppressWarnings("unchecked")
class DetectorRegionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> COLOURS = Map.of("red", 0xFF0000, "blue", 0x0000FF, "green", 0x00FF00);
    private static final List<String> ORDER = List.of("red", "blue", "green");

    @TempDir
    Path tmp;
    Path images;
    /** Scene file → its rectangles (colour, x, y, w, h), top to bottom then left to right. */
    final Map<String, List<Object[]>> scenes = new LinkedHashMap<>();
    private final BaseModelRegistry registry = BaseModelRegistry.discover();

    @BeforeEach
    void draw() throws Exception {
        images = Files.createDirectories(tmp.resolve("images"));
        scene("s0.png", new Object[]{"red", 0, 0, 20, 16}, new Object[]{"blue", 30, 10, 18, 20},
                new Object[]{"green", 60, 40, 20, 20});
        scene("sub/s1.png", new Object[]{"green", 5, 5, 30, 12}, new Object[]{"red", 50, 30, 30, 30});
        scene("empty.png");
    }

    void scene(String name, Object[]... boxes) throws Exception {
        BufferedImage img = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (Object[] b : boxes) {
            g.setColor(new Color(COLOURS.get((String) b[0])));
            g.fillRect((int) b[1], (int) b[2], (int) b[3], (int) b[4]);
        }
        g.dispose();
        Path file = images.resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        scenes.put(name, List.of(boxes));
    }

    RegionLabelConfig.Builder config(String out, DetectorSettings detector) {
        return RegionLabelConfig.builder().model("test-colour").ontology(CaptionOntology.ofClasses(ORDER))
                .images(images).output(tmp.resolve(out)).detector(detector);
    }

    RegionSummary run(RegionLabelConfig config) {
        return new RegionLabelRunner(registry).run(config, ProgressListener.NONE);
    }

    List<String> labels(String out, String scene) throws Exception {
        return Files.readAllLines(tmp.resolve(out).resolve("labels").resolve(scene.replace(".png", ".txt")));
    }

    /** The YOLO line the scene's rectangle must come out as: its colour's class and its exact coordinates. */
    static double[] expected(Object[] b) {
        double x = (int) b[1];
        double y = (int) b[2];
        double w = (int) b[3];
        double h = (int) b[4];
        return new double[]{ORDER.indexOf((String) b[0]), (x + w / 2) / 80, (y + h / 2) / 60, w / 80, h / 60};
    }

    static double[] numbers(String line) {
        return Arrays.stream(line.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void theDetectorsBoxesAreNamedByTheClassifierAndWrittenAsYolo() throws Exception {
        RegionSummary s = run(config("out", DetectorSettings.of("fake-detector")).build());
        assertThat(s.images()).isEqualTo(3);
        assertThat(s.boxes()).isEqualTo(5);
        assertThat(s.named()).isEqualTo(5);
        assertThat(s.failed() + s.skipped()).isZero();
        Path out = tmp.resolve("out");
        assertThat(Files.readAllLines(out.resolve("classes.txt"))).containsExactly("red", "blue", "green", "unknown");
        assertThat(Files.readString(out.resolve("data.yaml"))).contains("nc: 4");
        for (var e : scenes.entrySet()) {
            List<String> lines = labels("out", e.getKey());
            assertThat(lines).as(e.getKey()).hasSameSizeAs(e.getValue());
            for (int i = 0; i < lines.size(); i++) {
                assertThat(numbers(lines.get(i))).as(lines.get(i)).containsExactly(expected(e.getValue().get(i)));
            }
        }
        Map<String, Object> run = JSON.readValue(out.resolve("run.json").toFile(), Map.class);
        assertThat(run).containsEntry("detector", "fake-detector").containsEntry("format", "yolo")
                .containsEntry("boxes", null).containsEntry("boxConfidence", DetectorSettings.DEFAULT_CONFIDENCE)
                .containsEntry("nmsIou", DetectorSettings.DEFAULT_NMS_IOU).containsEntry("model", "test-colour:default");
        assertThat((Map<String, Object>) run.get("detectorInfo")).containsEntry("provider", "fake-detector")
                .containsEntry("classes", List.of("blob"));
        Map<String, Object> s0 = RegionManifest.read(out.resolve(RegionManifest.FILE_NAME)).stream()
                .filter(r -> String.valueOf(r.get("image")).endsWith("s0.png")).findFirst().orElseThrow();
        Map<String, Object> detection = (Map<String, Object>) s0.get("detection");
        assertThat(detection).containsEntry("found", 3).containsEntry("suppressed", 0)
                .containsEntry("belowConfidence", 0);
        assertThat((List<Map<String, Object>>) detection.get("kept")).hasSize(3)
                .allSatisfy(k -> assertThat(k).containsEntry("class", "blob").containsEntry("confidence", 1.0));
        assertThat((List<Map<String, Object>>) s0.get("boxes")).extracting(b -> b.get("class"))
                .containsExactly("red", "blue", "green");
    }

    @Test
    void rawDuplicatesAreSuppressedByTheRuntimeUnlessTheIouIsOne() throws Exception {
        Map<String, String> duplicates = Map.of("duplicates", "true");
        run(config("nms", new DetectorSettings("fake-detector", duplicates, 0.25, 0.5)).build());
        for (var e : scenes.entrySet()) {
            List<String> lines = labels("nms", e.getKey());
            assertThat(lines).as("the grown copies are suppressed").hasSameSizeAs(e.getValue());
            for (int i = 0; i < lines.size(); i++) {
                assertThat(numbers(lines.get(i))).containsExactly(expected(e.getValue().get(i)));
            }
        }
        Map<String, Object> s0 = RegionManifest.read(tmp.resolve("nms").resolve(RegionManifest.FILE_NAME)).stream()
                .filter(r -> String.valueOf(r.get("image")).endsWith("s0.png")).findFirst().orElseThrow();
        assertThat((Map<String, Object>) s0.get("detection")).containsEntry("found", 6).containsEntry("suppressed", 3);

        run(config("all", new DetectorSettings("fake-detector", duplicates, 0.25, 1)).build());
        List<String> all = labels("all", "s0.png");
        assertThat(all).hasSize(6);
        // red's grown copy starts at (-1, -1): clipped to the image it is (0, 0) 21x17
        assertThat(numbers(all.get(1))).containsExactly(0, 10.5 / 80, 8.5 / 60, 21.0 / 80, 17.0 / 60);
    }

    @Test
    void boxesAtOrBelowTheBoxConfidenceAreNotKept() throws Exception {
        BufferedImage img = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.drawRect(40, 20, 19, 19); // a hollow 20x20 square: 76 of its 400 pixels, fill 0.19
        g.fillRect(2, 2, 10, 10);
        g.dispose();
        ImageIO.write(img, "png", images.resolve("hollow.png").toFile());
        run(config("strict", DetectorSettings.of("fake-detector")).build());
        assertThat(labels("strict", "hollow.png")).hasSize(1);
        Map<String, Object> hollow = RegionManifest.read(tmp.resolve("strict").resolve(RegionManifest.FILE_NAME))
                .stream().filter(r -> String.valueOf(r.get("image")).endsWith("hollow.png")).findFirst().orElseThrow();
        assertThat((Map<String, Object>) hollow.get("detection")).containsEntry("found", 2)
                .containsEntry("belowConfidence", 1);
        run(config("lenient", new DetectorSettings("fake-detector", Map.of(), 0.1, 0.5)).build());
        assertThat(labels("lenient", "hollow.png")).hasSize(2);
    }

    @Test
    void aRunResumesAndRefusesOtherDetectorSettings() {
        run(config("out", DetectorSettings.of("fake-detector")).build());
        RegionSummary again = run(config("out", DetectorSettings.of("fake-detector")).build());
        assertThat(again.resumed()).isEqualTo(3);
        assertThat(again.boxes()).isEqualTo(5);
        assertThatThrownBy(() -> run(config("out", new DetectorSettings("fake-detector", Map.of(), 0.25, 0.3))
                .build())).isInstanceOf(RegionConfigException.class).hasMessageContaining("nmsIou was 0.5, now 0.3");
        assertThatThrownBy(() -> run(config("out", new DetectorSettings("fake-detector", Map.of("minArea", "9"),
                0.25, 0.5)).build())).hasMessageContaining("detectorOptions");
        RegionSummary replaced = run(config("out", new DetectorSettings("fake-detector", Map.of(), 0.25, 0.3))
                .overwrite(true).build());
        assertThat(replaced.resumed()).as("`overwrite` starts afresh, as for boxes from files").isZero();
        assertThat(replaced.images()).isEqualTo(3);
    }

    @Test
    void aModelThatIsNotADetectorIsRefusedNamingItsProviderAndClosed() {
        int open = ColourHistogramModel.openModels();
        assertThatThrownBy(() -> registry.detector("test-colour", ModelRequest.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model 'test-colour' is not a detector: provider 'test-colour' returns a "
                        + "ColourHistogramModel (it classifies images and computes embeddings)")
                .hasMessageContaining("`detector`");
        assertThat(ColourHistogramModel.openModels()).isEqualTo(open);
        try (DetectionModel d = registry.detector("fake-detector", ModelRequest.defaults())) {
            assertThat(d.ontology().classes()).containsExactly("blob");
        }
        assertThatThrownBy(() -> run(config("wrong", DetectorSettings.of("test-colour")).build()))
                .hasMessageContaining("is not a detector");
    }

    @Test
    void theBoxesComeFromFilesOrFromADetectorNeverBothOrNeither() throws Exception {
        Path labels = Files.createDirectories(tmp.resolve("labels"));
        assertThatThrownBy(() -> config("x", DetectorSettings.of("fake-detector")).boxes(labels).build())
                .isInstanceOf(RegionConfigException.class).hasMessageContaining("both `boxes` and `detector`");
        assertThatThrownBy(() -> config("x", null).build())
                .isInstanceOf(RegionConfigException.class).hasMessageContaining("no boxes: give `boxes`")
                .hasMessageContaining("or `detector`");
        assertThatThrownBy(() -> new DetectorSettings("fake-detector", Map.of(), 1, 0.5))
                .hasMessageContaining("`box-confidence` 1.0 must be in [0.0, 1.0)");
        assertThatThrownBy(() -> new DetectorSettings("fake-detector", Map.of(), 0.2, 1.5))
                .hasMessageContaining("`nms-iou` 1.5 must be between 0.0 and 1.0");
        RegionLabelConfig files = config("files", null).boxes(labels).build();
        try (DetectionModel d = registry.detector("fake-detector", ModelRequest.defaults())) {
            assertThatThrownBy(() -> new RegionLabelRunner(registry).run(files, null, d, ProgressListener.NONE))
                    .hasMessageContaining("set `detector`");
        }
    }
}
