package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two workflows of issue 12 end to end through the CLI with the shapes fixture's CLIP: naming the boxes
 * of synthetic multi-shape scenes ({@code label-regions}, YOLO and COCO), and a {@code classes:} ontology of
 * reference images in {@code predict}, {@code label}, {@code index}/{@code search --class} and
 * {@code cluster --names}.
 */
@SuppressWarnings("unchecked")
class ShapesRegionsFixtureTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static Path shapes;
    static String model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fixture() {
        shapes = Fixtures.resolve("shapes");
        model = "metaclip:" + shapes.resolve("shapes-clip");
    }

    static List<String> classes() {
        List<String> out = new ArrayList<>();
        for (String c : ShapesScenes.COLOURS) {
            for (String s : ShapesScenes.SHAPES) {
                out.add(c + "_" + s);
            }
        }
        return out;
    }

    Path captionOntology() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String c : classes()) {
            sb.append('"').append(ReferenceShapesFixtureTest.prompt(c)).append("\": ").append(c).append('\n');
        }
        return Files.writeString(tmp.resolve("captions.yaml"), sb);
    }

    /** classes: form — 3 reference images per class from images/test (plus the prompt when {@code fused}). */
    Path referenceOntology(boolean fused) throws Exception {
        StringBuilder sb = new StringBuilder("classes:\n");
        for (String c : classes()) {
            sb.append("  ").append(c).append(":\n    images:\n");
            for (int i = 0; i < 3; i++) {
                sb.append("      - \"").append(shapes.resolve("images/test/" + c + "/" + c + "_0" + i + ".png"))
                        .append("\"\n");
            }
            if (fused) {
                sb.append("    prompts: [\"").append(ReferenceShapesFixtureTest.prompt(c)).append("\"]\n");
            }
        }
        return Files.writeString(tmp.resolve(fused ? "fused.yaml" : "refs.yaml"), sb);
    }

    @Test
    void namesTheBoxesOfSyntheticScenesAndWritesThemBackExactly() throws Exception {
        Path images = tmp.resolve("scenes");
        Map<String, List<ShapesScenes.Placed>> scenes = ShapesScenes.write(images, 24, 12);
        Path labels = tmp.resolve("labels");
        Files.createDirectories(labels);
        List<Object> cocoImages = new ArrayList<>();
        List<Object> cocoAnnotations = new ArrayList<>();
        int id = 0;
        for (var e : scenes.entrySet()) {
            StringBuilder sb = new StringBuilder();
            cocoImages.add(Map.of("id", cocoImages.size() + 1, "file_name", e.getKey(),
                    "width", ShapesScenes.WIDTH, "height", ShapesScenes.HEIGHT));
            for (ShapesScenes.Placed p : e.getValue()) {
                sb.append(String.format(Locale.ROOT, "0 %.6f %.6f %.6f %.6f%n",
                        (p.x() + p.w() / 2.0) / ShapesScenes.WIDTH, (p.y() + p.h() / 2.0) / ShapesScenes.HEIGHT,
                        (double) p.w() / ShapesScenes.WIDTH, (double) p.h() / ShapesScenes.HEIGHT));
                cocoAnnotations.add(Map.of("id", ++id, "image_id", cocoImages.size(), "category_id", 1,
                        "bbox", List.of(p.x(), p.y(), p.w(), p.h()), "truth", p.className()));
            }
            Files.writeString(labels.resolve(e.getKey().replace(".png", ".txt")), sb);
        }
        Path coco = tmp.resolve("boxes.json");
        JSON.writeValue(coco.toFile(), Map.of("images", cocoImages, "annotations", cocoAnnotations,
                "categories", List.of(Map.of("id", 1, "name", "shape"))));
        int boxes = cocoAnnotations.size();
        Path onto = captionOntology();

        CliRun yolo = CliRun.of("label-regions", "--model", model, "--ontology", onto.toString(), "--images",
                images.toString(), "--boxes", labels.toString(), "--output", tmp.resolve("out-yolo").toString());
        assertThat(yolo.exitCode()).as(yolo.err()).isZero();
        List<String> names = Files.readAllLines(tmp.resolve("out-yolo/classes.txt"));
        int right = 0;
        for (var e : scenes.entrySet()) {
            String txt = e.getKey().replace(".png", ".txt");
            List<String> in = Files.readAllLines(labels.resolve(txt));
            List<String> out = Files.readAllLines(tmp.resolve("out-yolo/labels").resolve(txt));
            assertThat(out).hasSameSizeAs(in);
            for (int i = 0; i < in.size(); i++) {
                String[] o = out.get(i).split(" ", 2);
                assertThat(LabelRegionsCommandTest.coordinates(out.get(i))).as("the same numbers")
                        .containsExactly(LabelRegionsCommandTest.coordinates(in.get(i)));
                right += names.get(Integer.parseInt(o[0])).equals(e.getValue().get(i).className()) ? 1 : 0;
            }
        }
        double yoloAccuracy = (double) right / boxes;

        CliRun cocoRun = CliRun.of("label-regions", "--model", model, "--ontology", onto.toString(), "--images",
                images.toString(), "--boxes", coco.toString(), "--output", tmp.resolve("out-coco").toString());
        assertThat(cocoRun.exitCode()).as(cocoRun.err()).isZero();
        Map<String, Object> written = JSON.readValue(tmp.resolve("out-coco/boxes.json").toFile(), Map.class);
        List<Map<String, Object>> cats = (List<Map<String, Object>>) written.get("categories");
        List<Map<String, Object>> anns = (List<Map<String, Object>>) written.get("annotations");
        assertThat(anns).hasSize(boxes);
        int cocoRight = 0;
        for (int i = 0; i < boxes; i++) {
            Map<String, Object> before = (Map<String, Object>) cocoAnnotations.get(i);
            assertThat(anns.get(i).get("bbox")).isEqualTo(before.get("bbox"));
            int cat = ((Number) anns.get(i).get("category_id")).intValue();
            cocoRight += cats.get(cat - 1).get("name").equals(before.get("truth")) ? 1 : 0;
        }
        double cocoAccuracy = (double) cocoRight / boxes;

        CliRun refs = CliRun.of("label-regions", "--model", model, "--ontology", referenceOntology(true).toString(),
                "--images", images.toString(), "--boxes", coco.toString(), "--output", tmp.resolve("out-refs").toString());
        assertThat(refs.exitCode()).as(refs.err()).isZero();
        List<Map<String, Object>> refAnns = (List<Map<String, Object>>) JSON.readValue(
                tmp.resolve("out-refs/boxes.json").toFile(), Map.class).get("annotations");
        List<Map<String, Object>> refCats = (List<Map<String, Object>>) JSON.readValue(
                tmp.resolve("out-refs/boxes.json").toFile(), Map.class).get("categories");
        int refRight = 0;
        for (int i = 0; i < refAnns.size(); i++) {
            int cat = ((Number) refAnns.get(i).get("category_id")).intValue();
            refRight += refCats.get(cat - 1).get("name").equals(refAnns.get(i).get("truth")) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "label-regions on %d synthetic scenes, %d boxes: YOLO %.4f, COCO %.4f "
                        + "(prompts); prompts + 3 reference images/class %.4f%n", scenes.size(), boxes, yoloAccuracy,
                cocoAccuracy, (double) refRight / boxes);
        assertThat(yoloAccuracy).isGreaterThanOrEqualTo(0.90);
        assertThat(cocoAccuracy).isEqualTo(yoloAccuracy);
    }

    @Test
    void referenceImageOntologyInPredictLabelSearchAndCluster() throws Exception {
        Path onto = referenceOntology(false);
        Path extra = shapes.resolve("images/extra");

        CliRun predict = CliRun.of("predict", "--model", model, "--ontology", onto.toString(), "--confidence", "0.3",
                extra.resolve("red_circle").toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertThat(predict.json()).hasSize(8).allSatisfy(l ->
                assertThat((Map<String, Object>) l.get("scores")).hasSize(16));
        assertThat(predict.json()).filteredOn(l -> "red_circle".equals(l.get("class"))).hasSizeGreaterThan(6);

        CliRun label = CliRun.of("label", "--model", model, "--ontology", onto.toString(), "--input",
                extra.toString(), "--output", tmp.resolve("ds").toString(), "--confidence", "0.3");
        assertThat(label.exitCode()).as(label.err()).isZero();
        List<ManifestRecord> records = Manifest.read(tmp.resolve("ds").resolve(Manifest.FILE_NAME));
        long right = records.stream().filter(r -> Path.of(r.source()).getParent().getFileName().toString()
                .equals(r.className())).count();
        double labelAccuracy = (double) right / records.size();
        Map<String, Object> run = JSON.readValue(tmp.resolve("ds/run.json").toFile(), Map.class);
        Map<String, Object> ontologyRecord = (Map<String, Object>) run.get("ontology");
        assertThat((Map<String, Object>) ontologyRecord.get("classes")).hasSize(16);

        Path index = tmp.resolve("idx");
        CliRun indexed = CliRun.of("index", "--model", model, "--images", extra.toString(), "--index", index.toString());
        assertThat(indexed.exitCode()).as(indexed.err()).isZero();
        int searchRight = 0;
        for (String c : List.of("red_circle", "blue_star", "green_triangle", "yellow_square")) {
            CliRun search = CliRun.of("search", "--index", index.toString(), "--class", c, "--ontology",
                    onto.toString(), "-k", "5");
            assertThat(search.exitCode()).as(search.err()).isZero();
            assertThat(search.json()).hasSize(5);
            searchRight += (int) search.json().stream().filter(l -> ((String) l.get("path")).contains("/" + c + "/"))
                    .count();
        }
        CliRun cluster = CliRun.of("cluster", "--index", index.toString(), "--k", "16", "--names", onto.toString(),
                "--out", tmp.resolve("clusters").toString());
        assertThat(cluster.exitCode()).as(cluster.err()).isZero();
        int members = 0;
        int matching = 0;
        for (Map<String, Object> c : cluster.json()) {
            assertThat(classes()).contains((String) c.get("name"));
            for (Object m : (List<Object>) c.get("members")) {
                members++;
                matching += String.valueOf(m).contains("/" + c.get("name") + "/") ? 1 : 0;
            }
        }
        double named = (double) matching / members;
        System.out.printf(Locale.ROOT, "3 reference images/class on images/extra: label %.4f, search --class "
                + "top-5 precision %.2f, cluster --names members under their cluster's name %.4f%n", labelAccuracy,
                searchRight / 20.0, named);
        assertThat(labelAccuracy).isGreaterThanOrEqualTo(0.90);
        assertThat(searchRight).isGreaterThanOrEqualTo(18);
        assertThat(named).isGreaterThan(0.6);
    }
}
