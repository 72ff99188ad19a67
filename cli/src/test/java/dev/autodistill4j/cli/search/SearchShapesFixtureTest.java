package dev.autodistill4j.cli.search;

import dev.autodistill4j.cli.CliRun;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.server.SearchServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "must show" on the shapes world: the fixture CLIP trained on coloured shapes, through the real
 * {@code metaclip} provider and the CLI. Images are copied to a temp folder first (fixtures are read-only).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchShapesFixtureTest {
    private Path tmp;

    private String model;
    private Path index;
    private Path test;
    private Path extra;

    @BeforeAll
    void indexTheShapes(@TempDir Path classTemp) throws IOException {
        tmp = classTemp;
        Path shapes = Fixtures.resolve("shapes");
        model = "metaclip:" + shapes.resolve("shapes-clip");
        test = copy(shapes.resolve("images/test"), tmp.resolve("images/test"));
        extra = copy(shapes.resolve("images/extra"), tmp.resolve("images/extra"));
        index = tmp.resolve("index");
        CliRun run = CliRun.of("index", "--model", model, "--images", test.toString(), "--images", extra.toString(),
                "--index", index.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = run.jsonNodes().get(0);
        assertThat(report.get("added").asInt()).isEqualTo(256);
        assertThat(report.get("failed").asInt()).isZero();
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static String classOf(String path) {
        return Path.of(path).getParent().getFileName().toString();
    }

    private List<String> search(String... terms) {
        String[] args = Stream.concat(Stream.of("search", "--index", index.toString(), "--k", "5"),
                Stream.of(terms)).toArray(String[]::new);
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.jsonNodes().stream().map(n -> n.get("path").asText()).toList();
    }

    @Test
    void textAndImageQueriesFindTheRightShapes() {
        assertThat(search("--text", "a photo of a red circle.")).hasSize(5)
                .allSatisfy(p -> assertThat(classOf(p)).isEqualTo("red_circle"));
        assertThat(search("--text", "a photo of a red circle.", "--exact")).hasSize(5)
                .allSatisfy(p -> assertThat(classOf(p)).isEqualTo("red_circle"));
        Path blueStar = test.resolve("blue_star/blue_star_00.png");
        assertThat(search("--image", blueStar.toString())).hasSize(5)
                .allSatisfy(p -> assertThat(classOf(p)).isEqualTo("blue_star"));
    }

    /**
     * The 256 shapes are all different pictures, yet the fixture model puts many of them above cosine 0.99 (a red
     * square and a yellow circle on the same dark ground reach 0.9997). Only the planted copies — byte copy,
     * JPEG re-encode, half size — may be grouped, each with its own original and nothing else.
     */
    @Test
    void duplicatesAtTheDefaultThresholdGroupOnlyRealCopiesNeverDifferentShapes() throws IOException {
        Path work = tmp.resolve("duplicates");
        Path images = copy(test, work.resolve("test"));
        copy(extra, work.resolve("extra"));
        List<String> originals = List.of("red_circle/red_circle_00", "red_square/red_square_01",
                "blue_star/blue_star_02", "yellow_triangle/yellow_triangle_03");
        for (String name : originals) {
            Path original = images.resolve(name + ".png");
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(original.toFile());
            Path copies = Files.createDirectories(work.resolve("copies").resolve(name).getParent());
            String base = original.getFileName().toString().replace(".png", "");
            Files.copy(original, copies.resolve(base + "-copy.png"));
            assertThat(javax.imageio.ImageIO.write(img, "jpg", copies.resolve(base + "-reencoded.jpg").toFile())).isTrue();
            java.awt.image.BufferedImage half = new java.awt.image.BufferedImage(img.getWidth() / 2,
                    img.getHeight() / 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = half.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, half.getWidth(), half.getHeight(), null);
            g.dispose();
            javax.imageio.ImageIO.write(half, "png", copies.resolve(base + "-half.png").toFile());
        }
        Path idx = work.resolve("index");
        CliRun indexed = CliRun.of("index", "--model", model, "--images", work.toString(), "--index", idx.toString());
        assertThat(indexed.exitCode()).as(indexed.toString()).isZero();
        assertThat(indexed.jsonNodes().get(0).get("added").asInt()).isEqualTo(256 + 3 * originals.size());

        CliRun dups = CliRun.of("duplicates", "--index", idx.toString());
        assertThat(dups.exitCode()).as(dups.toString()).isZero();
        List<List<String>> groups = dups.jsonNodes().stream().map(gr -> {
            List<String> names = new java.util.ArrayList<>();
            gr.get("paths").forEach(p -> names.add(work.relativize(Path.of(p.asText())).toString()));
            return names;
        }).toList();
        System.err.println("duplicates on the shapes (+ planted copies): " + groups);
        List<List<String>> expected = originals.stream().sorted().map(name -> {
            String base = Path.of(name).getFileName().toString();
            String dir = "copies/" + Path.of(name).getParent() + "/";
            return List.of(dir + base + "-copy.png", dir + base + "-half.png", dir + base + "-reencoded.jpg",
                    "test/" + name + ".png");
        }).toList();
        assertThat(groups).containsExactlyInAnyOrderElementsOf(expected);
        dups.jsonNodes().forEach(gr -> assertThat(gr.get("min_similarity").asDouble())
                .isGreaterThanOrEqualTo(dev.autodistill4j.search.DuplicateFinder.DEFAULT_THRESHOLD));
    }

    @Test
    void clusteringTheShapesIsPure() throws IOException {
        Path out = tmp.resolve("clusters");
        CliRun run = CliRun.of("cluster", "--index", index.toString(), "--k", "16", "--seed", "1", "--out",
                out.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode clusters = new ObjectMapper().readTree(out.resolve("clusters.json").toFile()).get("clusters");
        assertThat(clusters).hasSize(16);
        int majority = 0;
        int total = 0;
        for (JsonNode c : clusters) {
            Map<String, Integer> counts = new HashMap<>();
            for (JsonNode m : c.get("members")) {
                counts.merge(classOf(m.asText()), 1, Integer::sum);
                total++;
            }
            majority += counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            assertThat(c.get("name").asText()).isNotBlank();
        }
        assertThat(total).isEqualTo(256);
        double purity = (double) majority / total;
        System.err.println("shapes k-means purity (k=16, seed 1): " + purity);
        assertThat(purity).isGreaterThanOrEqualTo(0.80);
        assertThat(Files.readString(out.resolve("clusters.html"))).contains("data:image/jpeg;base64,");
    }

    @Test
    void clearErrorsForMissingIndexOtherModelTraversalAndNonImageUpload() throws Exception {
        CliRun missing = CliRun.of("search", "--index", tmp.resolve("no-index").toString(), "--text", "a star");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errorLine()).startsWith("error: no search index at");

        String other = "metaclip:" + Fixtures.resolve("clip/tiny-clip");
        CliRun mixed = CliRun.of("index", "--model", other, "--images", test.toString(), "--index", index.toString());
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.errorLine()).startsWith("error: ").contains("shapes-clip").contains("cannot be mixed");

        HttpClient http = HttpClient.newHttpClient();
        try (SearchIndex idx = SearchIndex.open(index);
             EmbeddingModel m = SearchModels.forIndex(BaseModelRegistry.discover(), idx, null, null);
             SearchServer server = new SearchServer(idx, m, ImageLoader.standard(), "127.0.0.1", 0)) {
            server.start();
            String base = "http://127.0.0.1:" + server.port();
            String inside = test.resolve("red_circle/red_circle_00.png").toString();
            for (String attempt : List.of("/thumb?path=" + enc(inside.replace("/red_circle/", "/red_circle/../red_circle/")),
                    "/thumb?path=" + enc(Fixtures.resolve("shapes/shapes.json").toString()),
                    "/thumb?path=%2e%2e%2f%2e%2e%2fshapes.json", "/thumb?path=../../etc/passwd")) {
                int status = http.send(HttpRequest.newBuilder(URI.create(base + attempt)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                assertThat(status).as(attempt).isBetween(400, 499);
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/thumb?path=" + enc(inside))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + "/api/search"))
                    .POST(HttpRequest.BodyPublishers.ofString("definitely not an image")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).isEqualTo(400);
            assertThat(upload.body()).contains("not an image");
            HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create(base + "/api/search?k=5&text="
                    + enc("a photo of a green triangle."))).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode results = new ObjectMapper().readTree(text.body()).get("results");
            assertThat(results).hasSize(5).allSatisfy(r -> assertThat(classOf(r.get("path").asText()))
                    .isEqualTo("green_triangle"));
        }
    }

    @Test
    void reindexingAfterTouchingOneFileAndDeletingAnotherReembedsOneAndRemovesOne() throws IOException {
        Path work = tmp.resolve("reindex");
        Path images = copy(test, work.resolve("test"));
        Path idx = work.resolve("index");
        CliRun first = CliRun.of("index", "--model", model, "--images", images.toString(), "--index", idx.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.jsonNodes().get(0).get("added").asInt()).isEqualTo(128);

        Path touched = images.resolve("red_circle/red_circle_03.png");
        Files.setLastModifiedTime(touched, FileTime.fromMillis(Files.getLastModifiedTime(touched).toMillis() + 60_000));
        Path deleted = images.resolve("red_circle/red_circle_05.png");
        Files.delete(deleted);
        CliRun second = CliRun.of("index", "--model", model, "--images", images.toString(), "--index",
                idx.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode r = second.jsonNodes().get(0);
        assertThat(r.get("updated").asInt()).isEqualTo(1);
        assertThat(r.get("removed").asInt()).isEqualTo(1);
        assertThat(r.get("added").asInt()).isZero();
        assertThat(r.get("unchanged").asInt()).isEqualTo(126);
        assertThat(r.get("total").asInt()).isEqualTo(127);

        CliRun after = CliRun.of("search", "--index", idx.toString(), "--text", "a photo of a red circle.", "--k", "5");
        assertThat(after.jsonNodes()).hasSize(5)
                .allSatisfy(n -> assertThat(classOf(n.get("path").asText())).isEqualTo("red_circle"))
                .noneSatisfy(n -> assertThat(n.get("path").asText()).isEqualTo(deleted.toString()));
        try (SearchIndex reopened = SearchIndex.open(idx)) {
            assertThat(reopened.byPath(deleted.toString())).isEmpty();
            assertThat(reopened.byPath(touched.toString())).get()
                    .satisfies(img -> assertThat(img.mtime()).isEqualTo(Files.getLastModifiedTime(touched).toMillis()));
        }
    }

    /**
     * The index above is int7 (the default). Copies converted to int4 and to float32 — from the stored floats, no
     * re-embedding — answer the text and the image query with 5/5 of the right shape as well.
     */
    @Test
    void everyQuantisationAnswersTheTextAndImageQueries() throws IOException {
        try (SearchIndex idx = SearchIndex.open(index)) {
            assertThat(idx.settings().quantization()).isEqualTo(dev.autodistill4j.search.Quantization.INT7);
        }
        Path blueStar = test.resolve("blue_star/blue_star_00.png");
        for (String q : new String[] {"int7", "int4", "none"}) {
            Path copy = copy(index, tmp.resolve("index-" + q));
            CliRun convert = CliRun.of("index", "--convert", "--quantize", q, "--index", copy.toString());
            assertThat(convert.exitCode()).as(convert.toString()).isZero();
            assertThat(convert.jsonNodes().get(0).get("vectors").asInt()).isEqualTo(256);
            for (String[] query : new String[][] {{"--text", "a photo of a red circle."},
                    {"--image", blueStar.toString()}}) {
                CliRun run = CliRun.of("search", "--index", copy.toString(), "--k", "5", query[0], query[1]);
                assertThat(run.exitCode()).as(run.toString()).isZero();
                String expected = query[0].equals("--text") ? "red_circle" : "blue_star";
                assertThat(run.jsonNodes()).as(q + " " + query[1]).hasSize(5)
                        .allSatisfy(n -> assertThat(classOf(n.get("path").asText())).isEqualTo(expected));
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
