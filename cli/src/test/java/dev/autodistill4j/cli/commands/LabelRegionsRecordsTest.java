package dev.autodistill4j.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.cli.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.autodistill4j.cli.commands.LabelRegionsCommandTest.drawScene;
import static dev.autodistill4j.cli.commands.LabelRegionsCommandTest.yoloLine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One bad record of a box file is refused alone (issue #19 items 8 and 11): a bad YOLO line or COCO annotation,
 * a repeated COCO image or annotation id, an image entry with a lying size or a {@code file_name} that leaves
 * {@code --images} — each is skipped and counted (summary, stderr, exit 1) while every other box of the same
 * image and file is named and written back. YOLO numbers follow the decimal syntax YOLO readers share (no
 * Java-only {@code 0x1p-2}, {@code 0.25f}, {@code 0.5d}) and are written in one canonical form.
 */
@SuppressWarnings("unchecked")
class LabelRegionsRecordsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Object[] RED0 = {"red", 0, 0, 20, 16};
    static final Object[] BLUE0 = {"blue", 30, 10, 18, 20};
    static final Object[] GREEN0 = {"green", 60, 40, 20, 20};
    static final Object[] GREEN1 = {"green", 5, 5, 30, 12};
    static final Object[] RED1 = {"red", 50, 30, 30, 30};

    @TempDir
    Path tmp;
    Path images;
    Path ontology;

    @BeforeEach
    void scenes() throws Exception {
        images = Files.createDirectories(tmp.resolve("images"));
        ontology = Files.writeString(tmp.resolve("o.yaml"), "red: red\nblue: blue\ngreen: green\n");
        drawScene(images.resolve("s0.png"), RED0, BLUE0, GREEN0);
        drawScene(images.resolve("s1.png"), GREEN1, RED1);
    }

    CliRun labelRegions(Path boxes, String out) {
        return CliRun.of("label-regions", "--model", "test-colour", "--ontology", ontology.toString(),
                "--images", images.toString(), "--boxes", boxes.toString(), "--output", tmp.resolve(out).toString());
    }

    Path yolo(String s0, String s1) throws Exception {
        Path labels = Files.createDirectories(tmp.resolve("labels"));
        Files.writeString(labels.resolve("s0.txt"), s0);
        Files.writeString(labels.resolve("s1.txt"), s1);
        return labels;
    }

    static Map<String, String> errors(CliRun r) {
        return (Map<String, String>) r.json().get(0).get("errors");
    }

    @Test
    void aBadYoloLineIsSkippedAndCountedWhileItsNeighboursAreNamed() throws Exception {
        Path labels = yolo(yoloLine(RED0) + "\n0 1.5 0.5 0.2 0.2\n" + yoloLine(BLUE0) + "\n0 0.5 nan 0.1 0.1\n"
                + yoloLine(GREEN0) + "\n", yoloLine(GREEN1) + "\n" + yoloLine(RED1) + "\n");
        CliRun r = labelRegions(labels, "out");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.json().get(0)).containsEntry("images", 2).containsEntry("named", 5)
                .containsEntry("skipped", 2).containsEntry("failed", 0);
        assertThat(errors(r).values()).anyMatch(e -> e.contains("s0.txt line 2") && e.contains("outside [0, 1]"))
                .anyMatch(e -> e.contains("s0.txt line 4"));
        assertThat(r.err()).contains("2 skipped").contains("s0.txt line 2");
        assertThat(Files.readAllLines(tmp.resolve("out/labels/s0.txt"))).extracting(l -> l.substring(0, 2))
                .containsExactly("0 ", "1 ", "2 ");
    }

    @Test
    void javaOnlyNumberSyntaxIsRefusedAndNumbersAreWrittenInCanonicalForm() throws Exception {
        String s1 = "0 2.5e-1 0.18333333 3.75E-1 0.200000\n"      // GREEN1, as Python's float() reads it
                + "0 0x1p-2 0.5 0.1 0.1\n0 0.25f 0.5 0.1 0.1\n0 0.5d 0.5 0.1 0.1\n0 0.5 0.5 1_0e-1 0.1\n"
                + "\u0660 0.5 0.5 0.1 0.1\n0 0.5 0.5 0.1 Infinity\n"
                + "0\t+0.8125  .75 0.375000 0.5\r\n";           // RED1: tab, two spaces, '+', no leading 0, CRLF
        CliRun r = labelRegions(yolo(yoloLine(RED0) + "\n", s1), "out");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.json().get(0)).containsEntry("named", 3).containsEntry("skipped", 6);
        assertThat(errors(r).values().stream().filter(e -> e.contains("s1.txt line"))).hasSize(6)
                .anyMatch(e -> e.contains("'0x1p-2'") && e.contains("not a decimal number"))
                .anyMatch(e -> e.contains("'0.25f'")).anyMatch(e -> e.contains("'0.5d'"))
                .anyMatch(e -> e.contains("'1_0e-1'")).anyMatch(e -> e.contains("class id"))
                .anyMatch(e -> e.contains("'Infinity'"));
        assertThat(Files.readAllLines(tmp.resolve("out/labels/s1.txt")))
                .containsExactly("2 0.25 0.18333333 0.375 0.2", "0 0.8125 0.75 0.375 0.5");
        assertThat(Files.readAllLines(tmp.resolve("out/labels/s0.txt")))
                .containsExactly("0 0.125 0.133333 0.25 0.266667");
    }

    Path coco(List<Map<String, Object>> imageEntries, List<String> extra) throws Exception {
        List<Object> annotations = new ArrayList<>();
        int id = 100;
        Object[][][] boxes = {{RED0, BLUE0, GREEN0}, {GREEN1, RED1}};
        for (int im = 0; im < boxes.length; im++) {
            for (Object[] b : boxes[im]) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", id++);
                a.put("image_id", im + 1);
                a.put("category_id", 1);
                a.put("bbox", List.of(b[1], b[2], b[3], b[4]));
                annotations.add(a);
            }
        }
        for (String e : extra) {
            annotations.add(JSON.readValue(e, Map.class));
        }
        List<Map<String, Object>> all = new ArrayList<>(List.of(image(1, "s0.png"), image(2, "s1.png")));
        all.addAll(imageEntries);
        Path file = tmp.resolve("boxes.json");
        JSON.writeValue(file.toFile(), Map.of("images", all, "annotations", annotations,
                "categories", List.of(Map.of("id", 1, "name", "object"))));
        return file;
    }

    static Map<String, Object> image(Object id, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("file_name", name);
        m.put("width", 80);
        m.put("height", 60);
        return m;
    }

    static List<Object> annotationIds(Path cocoOut) throws Exception {
        Map<String, Object> written = JSON.readValue(cocoOut.toFile(), Map.class);
        return ((List<Map<String, Object>>) written.get("annotations")).stream().map(a -> a.get("id")).toList();
    }

    @Test
    void aRepeatedCocoImageIdRefusesOnlyTheRepeatingEntry() throws Exception {
        Path boxes = coco(List.of(image(1, "s1.png")), List.of());
        CliRun r = labelRegions(boxes, "out");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.json().get(0)).containsEntry("images", 2).containsEntry("named", 5).containsEntry("failed", 1);
        assertThat(errors(r).values()).anyMatch(e -> e.contains("image id 1") && e.contains("s0.png"));
        assertThat(annotationIds(tmp.resolve("out/boxes.json"))).containsExactly(100, 101, 102, 103, 104);
    }

    @Test
    void aBadCocoAnnotationIsSkippedWhileTheImagesOtherBoxesAreNamed() throws Exception {
        Path boxes = coco(List.of(), List.of(
                "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [-3, 1, 5, 5]}",
                "{\"id\": 2, \"image_id\": 2, \"category_id\": 1, \"bbox\": [70, 50, 20, 20]}",
                "{\"id\": 3, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 1, \"NaN\", 5]}",
                "{\"id\": 100, \"image_id\": 2, \"category_id\": 1, \"bbox\": [1, 1, 5, 5]}",
                "{\"id\": 4, \"image_id\": 2, \"category_id\": 9, \"bbox\": [1, 1, 5, 5]}"));
        CliRun r = labelRegions(boxes, "out");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.json().get(0)).containsEntry("images", 2).containsEntry("named", 5)
                .containsEntry("skipped", 5).containsEntry("failed", 0);
        assertThat(errors(r).values()).anyMatch(e -> e.contains("negative corner")).anyMatch(e -> e.contains("leaves"))
                .anyMatch(e -> e.contains("\"NaN\"")).anyMatch(e -> e.contains("id 100"))
                .anyMatch(e -> e.contains("category_id 9"));
        assertThat(annotationIds(tmp.resolve("out/boxes.json"))).containsExactly(100, 101, 102, 103, 104);
    }

    @Test
    void imageEntriesWithLyingSizesOrNamesOutsideTheImagesAreRefusedAlone() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        drawScene(outside.resolve("secret.png"), RED0);
        drawScene(outside.resolve("other.png"), RED0);
        Files.createSymbolicLink(images.resolve("linked"), outside);
        Map<String, Object> lying = image(3, "s0.png");
        lying.put("width", "abc");
        List<Map<String, Object>> entries = List.of(lying, image(4, "../outside/secret.png"),
                image(5, outside.resolve("other.png").toString()), image(6, "linked/secret.png"), image(2.5, "s1.png"));
        List<String> extra = new ArrayList<>();
        for (int id = 3; id <= 6; id++) {
            extra.add("{\"image_id\": " + id + ", \"category_id\": 1, \"bbox\": [0, 0, 20, 16]}");
        }
        CliRun r = labelRegions(coco(entries, extra), "out");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.json().get(0)).containsEntry("images", 2).containsEntry("named", 5).containsEntry("failed", 5);
        assertThat(errors(r).values()).anyMatch(e -> e.contains("width") && e.contains("\"abc\""))
                .anyMatch(e -> e.contains("../outside/secret.png") && e.contains("leaves"))
                .anyMatch(e -> e.contains("other.png") && e.contains("leaves"))
                .anyMatch(e -> e.contains("linked/secret.png") && e.contains("leaves"))
                .anyMatch(e -> e.contains("2.5"));
        assertThat(annotationIds(tmp.resolve("out/boxes.json"))).containsExactly(100, 101, 102, 103, 104);
        for (String line : Files.readAllLines(tmp.resolve("out/regions.jsonl"))) {
            Map<String, Object> record = JSON.readValue(line, Map.class);
            if (String.valueOf(record.get("image")).contains("outside")) {
                assertThat(record).as("a file outside --images is never read").doesNotContainKey("sha256");
            }
        }
    }
}
