package dev.autodistill4j.search.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.datasets.review.ReviewLog;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.review.HostileDataset;
import dev.autodistill4j.search.review.Neighbours;
import dev.autodistill4j.search.review.ReviewSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review server over HTTP: views and counts, thumbnails by id only, corrections as compare-and-set (two
 * tabs), refusal while {@code label} holds the dataset, the front end's Host/Origin checks, and no server path in
 * any answer.
 */
class ReviewServerTest {
    @TempDir
    static Path tmp;
    static Path dataset;
    static ReviewServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        dataset = HostileDataset.label(tmp.resolve("in"), tmp.resolve("labelled"));
        server = new ReviewServer(new ReviewSession(dataset, "tester", Neighbours.none()), ImageLoader.standard(),
                "127.0.0.1", 0, Set.of(), ServerLimits.DEFAULTS);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> post(String path, Object body) throws Exception {
        return HTTP.send(postRequest(path, body).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpRequest.Builder postRequest(String path, Object body) throws Exception {
        return HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }

    static JsonNode view(String name) throws Exception {
        HttpResponse<byte[]> r = get("/api/view?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static Map<String, Object> one(JsonNode item, String action, String to) {
        Map<String, Object> it = new java.util.LinkedHashMap<>();
        it.put("id", item.get("id").asText());
        it.put("sha256", item.get("sha256").asText());
        it.put("class", item.get("class").isNull() ? null : item.get("class").asText());
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("action", action);
        body.put("to", to);
        body.put("items", List.of(it));
        return body;
    }

    @Test
    void summaryAndViewsShowTheDatasetWithoutServerPaths() throws Exception {
        HttpResponse<byte[]> s = get("/api/summary");
        String text = new String(s.body(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(tmp.toString());
        JsonNode summary = JSON.readTree(s.body());
        assertThat(summary.get("dataset").asText()).isEqualTo("labelled");
        assertThat(summary.get("unreadable").asInt()).isEqualTo(1);
        assertThat(summary.get("unlabeled").asInt()).isEqualTo(dev.autodistill4j.datasets.review.ReviewedManifest
                .records(dataset).stream().filter(dev.autodistill4j.datasets.ManifestRecord::isUnlabeled).count())
                .isGreaterThanOrEqualTo(2);
        List<String> views = new ArrayList<>();
        summary.get("views").forEach(v -> views.add(v.get("name").asText()));
        assertThat(views).startsWith("class:" + HostileDataset.RED, "class:" + HostileDataset.BLUE,
                "class:" + HostileDataset.GREEN, "class:" + HostileDataset.YELLOW)
                .contains("unlabeled", "unreadable", "low-margin", "duplicates", "disagree");

        JsonNode red = view("class:red");
        double last = -1;
        for (JsonNode item : red.get("items")) {
            assertThat(item.get("confidence").asDouble()).as("lowest confidence first").isGreaterThanOrEqualTo(last);
            last = item.get("confidence").asDouble();
            assertThat(item.get("file").asText()).matches("(?s)(train|valid|test)/red/.*");
        }
        JsonNode unreadable = view("unreadable");
        assertThat(unreadable.get("items")).singleElement().satisfies(i -> {
            assertThat(i.get("name").asText()).isEqualTo(HostileDataset.BROKEN);
            assertThat(i.has("thumb")).isFalse();
        });
        for (String v : views) {
            assertThat(new String(get("/api/view?name=" + URLEncoder.encode(v, StandardCharsets.UTF_8)).body(),
                    StandardCharsets.UTF_8)).as(v).doesNotContain(tmp.toString());
        }
        assertThat(view("duplicates").get("needsIndex").asBoolean()).isTrue();
        assertThat(get("/api/view?name=nope").statusCode()).isEqualTo(404);
    }

    @Test
    void thumbnailsOnlyByIdOfADatasetImage() throws Exception {
        JsonNode item = view("class:" + HostileDataset.GREEN).get("items").get(0);
        HttpResponse<byte[]> t = get(item.get("thumb").asText());
        assertThat(t.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(t.body()))).isNotNull();
        HttpResponse<byte[]> original = get("/image?id=" + item.get("id").asText());
        assertThat(original.body()).isEqualTo(Files.readAllBytes(dataset.resolve(item.get("file").asText())));
        for (String attempt : List.of("/thumb?id=../../etc/passwd", "/thumb?path=/etc/passwd", "/thumb",
                "/thumb?id=0000000000000000", "/image?id=%2e%2e", "/../run.json", "/manifest.jsonl",
                "/api/view", "/api/correct")) {
            HttpResponse<byte[]> r = get(attempt);
            assertThat(r.statusCode()).as(attempt).isBetween(400, 499);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(attempt).doesNotContain(tmp.toString())
                    .startsWith("{\"error\"");
        }
    }

    @Test
    void twoTabsCorrectingTheSameImageMoveItOnce() throws Exception {
        JsonNode item = view("class:" + HostileDataset.YELLOW).get("items").get(0);
        List<String> before = ReviewLogLines.of(dataset);
        CompletableFuture<HttpResponse<byte[]>> a = HTTP.sendAsync(postRequest("/api/correct",
                one(item, "move", HostileDataset.GREEN)).build(), HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<HttpResponse<byte[]>> b = HTTP.sendAsync(postRequest("/api/correct",
                one(item, "unlabel", null)).build(), HttpResponse.BodyHandlers.ofByteArray());
        List<String> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<byte[]>> f : List.of(a, b)) {
            HttpResponse<byte[]> r = f.get();
            assertThat(r.statusCode()).isEqualTo(200);
            statuses.add(JSON.readTree(r.body()).get("results").get(0).get("status").asText());
        }
        assertThat(statuses).containsExactlyInAnyOrder("applied", "conflict");
        assertThat(ReviewLogLines.of(dataset)).hasSize(before.size() + 1);
    }

    @Test
    @SuppressWarnings("try") // the try-with-resources holds label's lock for the block and never reads it
    void aCorrectionWhileLabelHoldsTheDatasetIsRefusedWithoutPaths() throws Exception {
        JsonNode item = view("class:red").get("items").get(0);
        List<String> before = ReviewLogLines.of(dataset);
        HttpResponse<byte[]> r;
        try (OutputLock label = OutputLock.acquire(dataset, "autodistill4j label")) {
            r = post("/api/correct", one(item, "move", HostileDataset.BLUE));
        }
        assertThat(r.statusCode()).isEqualTo(409);
        String error = JSON.readTree(r.body()).get("error").asText();
        assertThat(error).contains("in use by another run").contains("autodistill4j label")
                .contains("nothing was changed").doesNotContain(tmp.toString());
        assertThat(ReviewLogLines.of(dataset)).isEqualTo(before);
        assertThat(dataset.resolve(item.get("file").asText())).exists();
    }

    @Test
    void foreignHostsOriginsAndNonJsonPostsAreRefused() throws Exception {
        JsonNode item = view("class:red").get("items").get(0);
        HttpResponse<byte[]> origin = HTTP.send(postRequest("/api/correct", one(item, "accept", null))
                .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(origin.statusCode()).isEqualTo(403);
        RawHttp.Answer host = RawHttp.send(server.port(), "GET /api/summary HTTP/1.1\r\nHost: rebind.example:"
                + server.port() + "\r\n\r\n");
        assertThat(host.status()).isEqualTo(403);
        HttpResponse<byte[]> form = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/correct"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=accept")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(post("/api/correct", Map.of("action", "explode", "items", List.of())).statusCode())
                .isEqualTo(400);
        assertThat(ReviewLogLines.of(dataset)).noneMatch(l -> l.contains("explode"));
    }

    /** The dataset's review log lines (empty when none). */
    static final class ReviewLogLines {
        static List<String> of(Path root) throws Exception {
            Path log = ReviewLog.of(root);
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        }
    }
}
