package dev.autodistill4j.cli.commands;

import dev.autodistill4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code label-regions --detector}: the test-scope {@code fake-detector} finds the rectangles of scenes drawn
 * here and {@code test-colour} names them — a detector plus a classifier gives the same YOLO labels as the
 * scenes' true boxes given with {@code --boxes} (autodistill's ComposedDetectionModel); and the flags that say
 * where the boxes come from are checked as one usage error.
 */
@SuppressWarnings("unchecked")
class LabelRegionsDetectorTest {
    /** Scene → its rectangles (colour, x, y, w, h), top to bottom: the order the fake detector finds them. */
    private static final Map<String, List<Object[]>> SCENES = Map.of(
            "s0.png", List.of(new Object[]{"red", 0, 0, 20, 16}, new Object[]{"blue", 30, 10, 18, 20},
                    new Object[]{"green", 60, 40, 20, 20}),
            "s1.png", List.of(new Object[]{"green", 5, 5, 30, 12}, new Object[]{"red", 50, 30, 30, 30}));

    @TempDir
    Path tmp;

    CliRun labelRegions(String... more) throws Exception {
        Path images = tmp.resolve("images");
        if (!Files.isDirectory(images)) {
            Files.createDirectories(images);
            for (var e : SCENES.entrySet()) {
                LabelRegionsCommandTest.drawScene(images.resolve(e.getKey()), e.getValue().toArray(Object[][]::new));
            }
            Files.writeString(tmp.resolve("o.yaml"), "red: red\nblue: blue\ngreen: green\n");
        }
        List<String> args = new ArrayList<>(List.of("label-regions", "--model", "test-colour", "--ontology",
                tmp.resolve("o.yaml").toString(), "--images", images.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aDetectorAndAClassifierWriteTheLabelsTheTrueBoxesGet() throws Exception {
        Path truth = Files.createDirectories(tmp.resolve("truth"));
        for (var e : SCENES.entrySet()) {
            StringBuilder sb = new StringBuilder();
            e.getValue().forEach(b -> sb.append(LabelRegionsCommandTest.yoloLine(b)).append('\n'));
            Files.writeString(truth.resolve(e.getKey().replace(".png", ".txt")), sb);
        }
        CliRun given = labelRegions("--boxes", truth.toString(), "--output", tmp.resolve("given").toString());
        CliRun found = labelRegions("--detector", "fake-detector", "--detector-option", "duplicates=true",
                "--output", tmp.resolve("found").toString());
        assertThat(given.exitCode()).as(given.toString()).isZero();
        assertThat(found.exitCode()).as(found.toString()).isZero();
        assertThat(found.json().get(0)).containsEntry("boxes", 5).containsEntry("named", 5);
        assertThat(Files.readAllLines(tmp.resolve("found/classes.txt")))
                .containsExactly("red", "blue", "green", "unknown");
        for (String scene : SCENES.keySet()) {
            String txt = "labels/" + scene.replace(".png", ".txt");
            List<String> want = Files.readAllLines(tmp.resolve("given").resolve(txt));
            List<String> got = Files.readAllLines(tmp.resolve("found").resolve(txt));
            assertThat(got).as(scene).hasSameSizeAs(want).hasSize(SCENES.get(scene).size());
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).split(" ")[0]).as("class of " + got.get(i)).isEqualTo(want.get(i).split(" ")[0]);
                double[] g = LabelRegionsCommandTest.coordinates(got.get(i));
                double[] w = LabelRegionsCommandTest.coordinates(want.get(i));
                for (int k = 0; k < 4; k++) {
                    assertThat(g[k]).as(got.get(i)).isCloseTo(w[k], within(1e-6)); // the truth has 6 decimals
                }
            }
        }
        Map<String, Object> run = LabelRegionsCommandTest.JSON.readValue(tmp.resolve("found/run.json").toFile(),
                Map.class);
        assertThat(run).containsEntry("detector", "fake-detector")
                .containsEntry("detectorOptions", Map.of("duplicates", "true")).containsEntry("status", "complete");
    }

    @Test
    void boxesAndDetectorTogetherOrNeitherAreOneUsageError() throws Exception {
        Path labels = Files.createDirectories(tmp.resolve("labels"));
        CliRun both = labelRegions("--boxes", labels.toString(), "--detector", "fake-detector", "--output",
                tmp.resolve("o1").toString());
        assertUsageError(both, "both --boxes and --detector were given");
        CliRun neither = labelRegions("--output", tmp.resolve("o2").toString());
        assertUsageError(neither, "no boxes: give --boxes");
        assertThat(neither.errorLine()).contains("or --detector");
        CliRun stray = labelRegions("--boxes", labels.toString(), "--nms-iou", "0.3", "--output",
                tmp.resolve("o3").toString());
        assertUsageError(stray, "--nms-iou");
        CliRun range = labelRegions("--detector", "fake-detector", "--box-confidence", "1", "--output",
                tmp.resolve("o4").toString());
        assertUsageError(range, "--box-confidence");
        CliRun notADetector = labelRegions("--detector", "test-colour", "--output", tmp.resolve("o5").toString());
        assertUsageError(notADetector, "model 'test-colour' is not a detector: provider 'test-colour'");
        assertThat(notADetector.errorLine()).contains("--detector");
        assertThat(tmp.resolve("o1")).doesNotExist();
        assertThat(tmp.resolve("o2")).doesNotExist();
    }

    private static void assertUsageError(CliRun r, String expected) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:"))).as(r.toString()).hasSize(1);
        assertThat(r.errorLine()).contains(expected).doesNotContain("Exception");
    }
}
