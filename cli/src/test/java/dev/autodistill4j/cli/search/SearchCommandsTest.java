package dev.autodistill4j.cli.search;

import dev.autodistill4j.cli.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The search commands end to end through {@code Main}, with the test-jar's {@code test-colour} provider. */
class SearchCommandsTest {
    @TempDir
    Path tmp;

    private static final Color[] COLOURS = {new Color(230, 20, 20), new Color(20, 230, 20), new Color(20, 20, 230)};
    private static final String[] NAMES = {"red", "green", "blue"};

    private Path images() throws Exception {
        Path dir = tmp.resolve("images");
        Random r = new Random(1);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 144; p++) {
                    // mostly the colour, a few white pixels so images differ
                    img.setRGB(p % 12, p / 12, r.nextInt(10) < i ? 0xffffff : COLOURS[c].getRGB() & 0xffffff);
                }
                Path f = dir.resolve(NAMES[c]).resolve(NAMES[c] + i + ".png");
                Files.createDirectories(f.getParent());
                ImageIO.write(img, "png", f.toFile());
            }
        }
        return dir;
    }

    @Test
    void indexSearchDuplicatesAndClusterFromTheCommandLine() throws Exception {
        Path images = images();
        Path index = tmp.resolve("index");
        CliRun first = CliRun.of("index", "--model", "test-colour", "--images", images.toString(), "--index",
                index.toString(), "--batch", "5");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonNode report = first.jsonNodes().get(0);
        assertThat(report.get("added").asInt()).isEqualTo(12);
        assertThat(report.get("total").asInt()).isEqualTo(12);

        Files.writeString(images.resolve("red/notes.png"), "hello");
        Files.delete(images.resolve("green/green3.png"));
        CliRun second = CliRun.of("index", "--model", "test-colour", "--images", images.toString(), "--index",
                index.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode r2 = second.jsonNodes().get(0);
        assertThat(r2.get("unchanged").asInt()).isEqualTo(11);
        assertThat(r2.get("removed").asInt()).isEqualTo(1);
        assertThat(r2.get("failed").asInt()).isEqualTo(1);
        assertThat(r2.get("failures").get(0).get("path").asText()).endsWith("notes.png");
        assertThat(second.err()).contains("notes.png");

        for (String mode : new String[] {"--k", "--exact"}) {
            List<String> args = new java.util.ArrayList<>(List.of("search", "--index", index.toString(), "--text",
                    "something blue", "--k", "4"));
            if (mode.equals("--exact")) {
                args.add("--exact");
            }
            CliRun search = CliRun.of(args.toArray(String[]::new));
            assertThat(search.exitCode()).as(search.toString()).isZero();
            List<JsonNode> hits = search.jsonNodes();
            assertThat(hits).hasSize(4).allSatisfy(h -> assertThat(h.get("path").asText()).contains("/blue/"));
            assertThat(hits.get(0).get("score").asDouble()).isGreaterThanOrEqualTo(hits.get(3).get("score").asDouble());
        }
        CliRun byImage = CliRun.of("search", "--index", index.toString(), "--image",
                images.resolve("red/red0.png").toString(), "--k", "1");
        assertThat(byImage.jsonNodes().get(0).get("path").asText()).endsWith("red0.png");
        assertThat(byImage.jsonNodes().get(0).get("score").asDouble()).isGreaterThan(0.9999);

        CliRun dups = CliRun.of("duplicates", "--index", index.toString(), "--threshold", "0.9999");
        assertThat(dups.exitCode()).as(dups.toString()).isZero();
        // red0/green0/blue0 are single-coloured, so only identical histograms (none across colours) group
        assertThat(dups.jsonNodes()).allSatisfy(g -> assertThat(g.get("size").asInt()).isGreaterThan(1));

        Path ontology = tmp.resolve("ontology.yaml");
        Files.writeString(ontology, "a red thing: red\na green thing: green\na blue thing: blue\n");
        Path out = tmp.resolve("clusters");
        CliRun cluster = CliRun.of("cluster", "--index", index.toString(), "--k", "3", "--seed", "1", "--names",
                ontology.toString(), "--out", out.toString());
        assertThat(cluster.exitCode()).as(cluster.toString()).isZero();
        JsonNode clusters = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("clusters.json")
                .toFile());
        assertThat(clusters.get("clusters")).hasSize(3);
        for (JsonNode c : clusters.get("clusters")) {
            String name = c.get("name").asText();
            assertThat(c.get("members")).allSatisfy(m -> assertThat(m.asText()).contains("/" + name + "/"));
            assertThat(c.get("size").asInt()).isEqualTo(c.get("members").size());
        }
        String html = Files.readString(out.resolve("clusters.html"));
        assertThat(html).contains("data:image/jpeg;base64,").contains("blue");
        assertThat(html.split("<img ", -1)).hasSize(12);

        CliRun auto = CliRun.of("cluster", "--index", index.toString(), "--k", "auto", "--k-max", "6", "--seed", "3",
                "--names", ontology.toString(), "--out", tmp.resolve("auto").toString());
        assertThat(auto.exitCode()).as(auto.toString()).isZero();
        JsonNode chosen = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("auto/clusters.json")
                .toFile());
        assertThat(chosen.get("k").asInt()).isEqualTo(3);
        assertThat(chosen.get("silhouette").asDouble()).isGreaterThan(0.5);
    }

    @Test
    void userErrorsAreOneLineMessagesWithExitCode2() throws Exception {
        Path images = images();
        CliRun missing = CliRun.of("search", "--index", tmp.resolve("none").toString(), "--text", "red");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errorLine()).startsWith("error: no search index at").doesNotContain("Exception");

        Path index = tmp.resolve("index");
        assertThat(CliRun.of("index", "--model", "test-colour", "--images", images.toString(), "--index",
                index.toString()).exitCode()).isZero();
        CliRun other = CliRun.of("index", "--model", "test-other", "--images", images.toString(), "--index",
                index.toString());
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("test-colour:default").contains("test-other:default").contains("cannot be mixed");
        CliRun otherQuery = CliRun.of("search", "--index", index.toString(), "--model", "test-other", "--text",
                "red");
        assertThat(otherQuery.exitCode()).isEqualTo(2);
        assertThat(otherQuery.err()).contains("query it with --model test-colour:default");

        CliRun notImage = CliRun.of("search", "--index", index.toString(), "--image",
                Files.writeString(tmp.resolve("x.png"), "text").toString());
        assertThat(notImage.exitCode()).isEqualTo(2);
        assertThat(notImage.errorLine()).startsWith("error: ").contains("x.png");
    }
}
