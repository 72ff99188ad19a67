package dev.autodistill4j.cli.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md's worked example through the commands: a provider that only embeds
 * ({@code test-embed-only}) gets caption and {@code classes:} zero-shot, search, clustering with named clusters,
 * and — with the test-scope {@code fake-detector} finding the boxes — {@code label-regions}, all classified by
 * the runtime.
 */
class EmbedOnlyWorkedExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NAMES = {"red", "green", "blue"};
    private static final Color[] COLOURS = {Color.RED, Color.GREEN, Color.BLUE};

    @TempDir
    Path tmp;

    private Path solid(Path file, Color c, int size) throws Exception {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, size, size);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void zeroShotSearchAndClusteringWithoutClassificationCode() throws Exception {
        Path images = tmp.resolve("images");
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 2; i++) {
                solid(images.resolve(NAMES[c]).resolve(NAMES[c] + i + ".png"), COLOURS[c], 8 + i);
            }
        }
        Path captions = tmp.resolve("captions.yaml");
        Files.writeString(captions, "a red thing: red\na green thing: green\na blue thing: blue\n");
        CliRun predict = CliRun.of("predict", "--model", EmbedOnlyColourProvider.NAME, "--ontology",
                captions.toString(), images.resolve("green/green0.png").toString());
        assertThat(predict.exitCode()).as(predict.toString()).isZero();
        assertThat(predict.json().get(0)).containsEntry("class", "green");

        Path examples = tmp.resolve("examples.yaml");
        solid(tmp.resolve("refs/warm.png"), Color.RED, 8);
        Files.writeString(examples, "classes:\n  warm: {images: [refs/warm.png]}\n  cool: {prompts: [a blue thing]}\n");
        CliRun byExample = CliRun.of("predict", "--model", EmbedOnlyColourProvider.NAME, "--ontology",
                examples.toString(), images.resolve("red/red1.png").toString(), images.resolve("blue/blue0.png")
                        .toString());
        assertThat(byExample.exitCode()).as(byExample.toString()).isZero();
        assertThat(byExample.json()).extracting(m -> m.get("class")).containsExactly("warm", "cool");

        Path index = tmp.resolve("index");
        CliRun indexed = CliRun.of("index", "--model", EmbedOnlyColourProvider.NAME, "--images", images.toString(),
                "--index", index.toString());
        assertThat(indexed.exitCode()).as(indexed.toString()).isZero();
        CliRun search = CliRun.of("search", "--index", index.toString(), "--text", "something blue", "--k", "2");
        assertThat(search.jsonNodes()).hasSize(2).allSatisfy(h -> assertThat(h.get("path").asText()).contains("/blue/"));

        Path out = tmp.resolve("clusters");
        CliRun cluster = CliRun.of("cluster", "--index", index.toString(), "--k", "3", "--seed", "1", "--names",
                captions.toString(), "--out", out.toString());
        assertThat(cluster.exitCode()).as(cluster.toString()).isZero();
        JsonNode clusters = JSON.readTree(out.resolve("clusters.json").toFile()).get("clusters");
        assertThat(clusters).hasSize(3);
        for (JsonNode c : clusters) {
            String name = c.get("name").asText();
            assertThat(c.get("members")).hasSize(2).allSatisfy(m -> assertThat(m.asText()).contains("/" + name + "/"));
        }
    }

    @Test
    void theFakeDetectorFindsTheBoxesAndTheEmbedderNamesThem() throws Exception {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(2, 3, 10, 12);
        g.setColor(Color.RED);
        g.fillRect(20, 10, 16, 16);
        g.dispose();
        Path images = Files.createDirectories(tmp.resolve("scenes"));
        ImageIO.write(img, "png", images.resolve("scene.png").toFile());
        Path captions = tmp.resolve("captions.yaml");
        Files.writeString(captions, "a red thing: red\na blue thing: blue\n");
        CliRun run = CliRun.of("label-regions", "--model", EmbedOnlyColourProvider.NAME, "--ontology",
                captions.toString(), "--images", images.toString(), "--detector", "fake-detector", "--padding", "0",
                "--output", tmp.resolve("named").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // class ids: red 0, blue 1; blobs in raster order: blue (top at y 3) first
        assertThat(Files.readAllLines(tmp.resolve("named/labels/scene.txt")))
                .containsExactly("1 0.175 0.3 0.25 0.4", "0 0.7 0.6 0.4 0.5333333333333333");
        assertThat(Files.readAllLines(tmp.resolve("named/classes.txt"))).containsExactly("red", "blue", "unknown");
    }
}
