package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.runtime.regions.RegionManifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code label-regions} end to end through the CLI with the test-colour model: scenes of coloured rectangles
 * on black at known boxes (some touching the border), as YOLO labels and as COCO JSON; malformed box files;
 * resume; output-folder ownership.
 */
@SuppressWarnings("unchecked")
class LabelRegionsCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, Integer> COLOURS = Map.of("red", 0xFF0000, "blue", 0x0000FF, "green", 0x00FF00);
    static final List<String> ORDER = List.of("red", "blue", "green");

    @TempDir
    Path tmp;
    Path images;
    Path ontology;
    /** image file name → its boxes: colour, x, y, w, h. */
    final Map<String, List<Object[]>> scenes = new LinkedHashMap<>();

    @BeforeEach
    void scenes() throws Exception {
        images = tmp.resolve("images");
        Files.createDirectories(images);
        ontology = tmp.resolve("o.yaml");
        Files.writeString(ontology, "red: red\nblue: blue\ngreen: green\n");
        scene("s0.png", new Object[]{"red", 0, 0, 20, 16}, new Object[]{"blue", 30, 10, 18, 20},
                new Object[]{"green", 60, 40, 20, 20});
        scene("s1.png", new Object[]{"green", 5, 5, 30, 12}, new Object[]{"red", 50, 30, 30, 30});
        scene("s2.png", new Object[]{"blue", 0, 20, 40, 40}, new Object[]{"red", 45, 2, 12, 12},
                new Object[]{"green", 70, 0, 10, 10});
    }

    void scene(String name, Object[]... boxes) throws Exception {
        drawScene(images.resolve(name), boxes);
        scenes.put(name, List.of(boxes));
    }

    /** An 80x60 black PNG with each box (colour, x, y, w, h) filled in its colour. */
    static void drawScene(Path file, Object[]... boxes) throws Exception {
        BufferedImage img = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 80, 60);
        for (Object[] b : boxes) {
            g.setColor(new Color(COLOURS.get((String) b[0])));
            g.fillRect((int) b[1], (int) b[2], (int) b[3], (int) b[4]);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    Path yoloLabels() throws Exception {
        Path labels = tmp.resolve("labels");
        Files.createDirectories(labels);
        Files.writeString(labels.resolve("classes.txt"), "object\n");
        for (var e : scenes.entrySet()) {
            StringBuilder sb = new StringBuilder();
            for (Object[] b : e.getValue()) {
                sb.append(yoloLine(b)).append('\n');
            }
            Files.writeString(labels.resolve(e.getKey().replace(".png", ".txt")), sb);
        }
        return labels;
    }

    /** The four coordinates of a YOLO line as numbers. */
    static double[] coordinates(String line) {
        return java.util.Arrays.stream(line.split(" ")).skip(1).limit(4).mapToDouble(Double::parseDouble).toArray();
    }

    static String yoloLine(Object[] b) {
        double x = (int) b[1];
        double y = (int) b[2];
        double w = (int) b[3];
        double h = (int) b[4];
        return String.format(Locale.ROOT, "0 %.6f %.6f %.6f %.6f", (x + w / 2) / 80, (y + h / 2) / 60, w / 80, h / 60);
    }

    @Test
    void yoloBoxesAreNamedAndWrittenBackExactly() throws Exception {
        Path labels = yoloLabels();
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", labels.toString(), "--output", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("classes.txt"))).containsExactly("red", "blue", "green", "unknown");
        assertThat(Files.readString(out.resolve("data.yaml"))).contains("nc: 4").contains("3: \"unknown\"");
        for (var e : scenes.entrySet()) {
            List<String> in = Files.readAllLines(labels.resolve(e.getKey().replace(".png", ".txt")));
            List<String> written = Files.readAllLines(out.resolve("labels/" + e.getKey().replace(".png", ".txt")));
            assertThat(written).hasSameSizeAs(in);
            for (int i = 0; i < in.size(); i++) {
                assertThat(coordinates(written.get(i))).as("the same numbers, canonically spelled")
                        .containsExactly(coordinates(in.get(i)));
                int expected = ORDER.indexOf((String) e.getValue().get(i)[0]);
                assertThat(written.get(i)).startsWith(expected + " ");
            }
        }
        List<Map<String, Object>> manifest = RegionManifest.read(out.resolve(RegionManifest.FILE_NAME));
        assertThat(manifest).hasSize(3).allSatisfy(m -> {
            assertThat(m).containsKey("sha256").doesNotContainKey("error");
            for (Map<String, Object> b : (List<Map<String, Object>>) m.get("boxes")) {
                assertThat((Map<String, Object>) b.get("scores")).containsOnlyKeys("red", "blue", "green");
            }
        });
        Map<String, Object> summary = r.json().get(0);
        assertThat(summary).containsEntry("boxes", 8).containsEntry("named", 8).containsEntry("failed", 0);
        Map<String, Object> run = JSON.readValue(out.resolve("run.json").toFile(), Map.class);
        assertThat(run).containsEntry("status", "complete").containsEntry("format", "yolo");
    }

    @Test
    void smallAndUncertainBoxesAreKeptAsUnknownOrDropped() throws Exception {
        Path labels = yoloLabels();
        // s2's green box is 10x10: below --min-size 12 it is not classified
        CliRun keep = CliRun.of("label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", labels.toString(), "--output", tmp.resolve("k").toString(),
                "--min-size", "12");
        assertThat(keep.exitCode()).as(keep.err()).isZero();
        assertThat(Files.readAllLines(tmp.resolve("k/labels/s2.txt")).get(2)).startsWith("3 ");
        CliRun drop = CliRun.of("label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", labels.toString(), "--output", tmp.resolve("d").toString(),
                "--min-size", "12", "--unknown", "drop");
        assertThat(drop.exitCode()).as(drop.err()).isZero();
        assertThat(Files.readAllLines(tmp.resolve("d/labels/s2.txt"))).hasSize(2);
        assertThat(Files.readAllLines(tmp.resolve("d/classes.txt"))).containsExactly("red", "blue", "green");
        assertThat(drop.json().get(0)).containsEntry("dropped", 1);
        // --confidence 0.99 with padding 1.0: the crops are mostly black, no class is sure enough
        CliRun unsure = CliRun.of("label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", labels.toString(), "--output", tmp.resolve("u").toString(),
                "--padding", "1.0", "--confidence", "0.99");
        assertThat(unsure.exitCode()).as(unsure.err()).isZero();
        assertThat((Integer) unsure.json().get(0).get("unknown")).isPositive();
    }

    @Test
    void malformedBoxLinesAreRefusedAloneNotACrash() throws Exception {
        Path labels = yoloLabels();
        String good = Files.readString(labels.resolve("s0.txt"));
        scene("bad1.png", new Object[]{"red", 0, 0, 10, 10});
        scene("bad2.png", new Object[]{"red", 0, 0, 10, 10});
        scene("bad3.png", new Object[]{"red", 0, 0, 10, 10});
        scene("bad4.png", new Object[]{"red", 0, 0, 10, 10});
        scene("bad5.png", new Object[]{"red", 0, 0, 10, 10});
        scene("bad6.png", new Object[]{"red", 0, 0, 10, 10});
        Files.writeString(labels.resolve("bad1.txt"), "0 1.5 0.5 0.2 0.2\n");
        Files.writeString(labels.resolve("bad2.txt"), "0 0.5 0.5 -0.2 0.2\n");
        Files.writeString(labels.resolve("bad3.txt"), "0 NaN 0.5 0.2 0.2\n");
        Files.writeString(labels.resolve("bad4.txt"), "7 0.5 0.5 0.2 0.2\n");
        Files.writeString(labels.resolve("bad5.txt"), "zero 0.5 0.5\n");
        Files.writeString(labels.resolve("bad6.txt"), "0 0.95 0.5 0.2 0.2\n");
        Files.writeString(labels.resolve("orphan.txt"), good);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", labels.toString(), "--output", out.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        Map<String, Object> summary = r.json().get(0);
        assertThat(summary).containsEntry("failed", 1).containsEntry("skipped", 6).containsEntry("named", 8);
        Map<String, String> errors = (Map<String, String>) summary.get("errors");
        assertThat(errors.values()).anyMatch(e -> e.contains("bad1.txt") && e.contains("outside [0, 1]"))
                .anyMatch(e -> e.contains("bad2.txt")).anyMatch(e -> e.contains("bad3.txt"))
                .anyMatch(e -> e.contains("bad4.txt") && e.contains("class id 7"))
                .anyMatch(e -> e.contains("bad5.txt")).anyMatch(e -> e.contains("bad6.txt") && e.contains("leaves"))
                .anyMatch(e -> e.contains("orphan.txt") && e.contains("no image"));
        assertThat(out.resolve("labels/bad1.txt")).as("the image's only line was refused").hasContent("");
    }

    Path coco(List<String> extraAnnotations) throws Exception {
        List<Object> imagesJson = new ArrayList<>();
        List<Object> annotations = new ArrayList<>();
        int id = 100;
        int imageId = 1;
        for (var e : scenes.entrySet()) {
            imagesJson.add(Map.of("id", imageId, "file_name", e.getKey(), "width", 80, "height", 60));
            for (Object[] b : e.getValue()) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", id++);
                a.put("image_id", imageId);
                a.put("category_id", 1);
                a.put("bbox", List.of(((Integer) b[1]) + 0.25, b[2], b[3], ((Integer) b[4]) - 0.5));
                a.put("iscrowd", 0);
                a.put("colour", b[0]);
                annotations.add(a);
            }
            imageId++;
        }
        for (String extra : extraAnnotations) {
            annotations.add(JSON.readValue(extra, Map.class));
        }
        Path file = tmp.resolve("boxes.json");
        JSON.writeValue(file.toFile(), Map.of("images", imagesJson, "annotations", annotations,
                "categories", List.of(Map.of("id", 1, "name", "object"))));
        return file;
    }

    @Test
    void cocoBoxesGetTheOntologysCategoriesWithBoxesUnchanged() throws Exception {
        Path boxes = coco(List.of("{\"id\": 9, \"image_id\": 77, \"category_id\": 1, \"bbox\": [1, 1, 5, 5]}"));
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", boxes.toString(), "--output", out.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1); // the orphan annotation is an error
        Map<String, Object> in = JSON.readValue(boxes.toFile(), Map.class);
        Map<String, Object> written = JSON.readValue(out.resolve("boxes.json").toFile(), Map.class);
        assertThat((List<Map<String, Object>>) written.get("categories")).extracting(c -> c.get("name"))
                .containsExactly("red", "blue", "green", "unknown");
        List<Map<String, Object>> before = (List<Map<String, Object>>) in.get("annotations");
        List<Map<String, Object>> after = (List<Map<String, Object>>) written.get("annotations");
        assertThat(after).hasSize(8);
        for (int i = 0; i < after.size(); i++) {
            Map<String, Object> a = after.get(i);
            assertThat(a.get("bbox")).isEqualTo(before.get(i).get("bbox"));
            assertThat(a.get("id")).isEqualTo(before.get(i).get("id"));
            assertThat(a.get("colour")).isEqualTo(before.get(i).get("colour"));
            assertThat(a.get("category_id")).isEqualTo(ORDER.indexOf((String) a.get("colour")) + 1);
            assertThat((Double) a.get("score")).isGreaterThan(0.5);
        }
        assertThat(written.get("images")).isEqualTo(in.get("images"));
    }

    @Test
    void badCocoFilesAndAnnotationsAreRecordedNotFatal() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"images\": [");
        CliRun r = CliRun.of("label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", broken.toString(), "--output", tmp.resolve("o1").toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.json().get(0)).containsEntry("failed", 1);
        assertThat(r.err()).contains("broken.json").contains("not valid JSON");

        Path boxes = coco(List.of(
                "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [-3, 1, 5, 5]}",
                "{\"id\": 2, \"image_id\": 2, \"category_id\": 5, \"bbox\": [1, 1, 5, 5]}"));
        CliRun r2 = CliRun.of("label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", boxes.toString(), "--output", tmp.resolve("o2").toString());
        assertThat(r2.exitCode()).isEqualTo(1);
        Map<String, Object> summary = r2.json().get(0);
        assertThat(summary).containsEntry("skipped", 2).containsEntry("failed", 0).containsEntry("images", 3);
        assertThat(((Map<String, String>) summary.get("errors")).values())
                .anyMatch(e -> e.contains("negative corner")).anyMatch(e -> e.contains("category_id 5"));
    }

    @Test
    void resumesAfterATornManifestAndNeverDeletesForeignFiles() throws Exception {
        Path labels = yoloLabels();
        Path out = tmp.resolve("out");
        String[] args = {"label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", labels.toString(), "--output", out.toString()};
        assertThat(CliRun.of(args).exitCode()).isZero();
        // simulate a kill: the last line torn in half
        Path manifest = out.resolve(RegionManifest.FILE_NAME);
        List<String> lines = Files.readAllLines(manifest);
        Files.writeString(manifest, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 20));
        CliRun again = CliRun.of(args);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.json().get(0)).containsEntry("resumed", 2).containsEntry("boxes", 8);
        assertThat(RegionManifest.read(manifest)).hasSize(3);

        CliRun changed = CliRun.of(append(args, "--padding", "0.3"));
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("padding");

        Files.writeString(out.resolve("my-notes.txt"), "mine");
        CliRun overwrite = CliRun.of(append(args, "--padding", "0.3", "--overwrite"));
        assertThat(overwrite.exitCode()).as(overwrite.err()).isZero();
        assertThat(out.resolve("my-notes.txt")).hasContent("mine");

        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("keep.txt"), "x");
        CliRun refused = CliRun.of("label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", labels.toString(), "--output", foreign.toString(),
                "--overwrite");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).startsWith("error:").contains("not a label-regions output");
        assertThat(foreign.resolve("keep.txt")).hasContent("x");
        assertThat(foreign.resolve("run.json")).doesNotExist();
    }

    static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
