package dev.autodistill4j.search.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.search.ColourModel;
import dev.autodistill4j.search.ImageIndexer;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.IndexSettings;
import dev.autodistill4j.search.IndexedModel;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.SearchIndexWriter;
import dev.autodistill4j.search.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SearchServerTest {
    @TempDir
    static Path tmp;

    private static SearchIndex index;
    private static SearchServer server;
    private static Path images;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startServer() throws Exception {
        images = tmp.resolve("images");
        TestImages.folder(images, 3);
        ColourModel model = new ColourModel();
        try (SearchIndexWriter w = SearchIndexWriter.open(tmp.resolve("idx"), IndexedModel.of(model.info(), 4),
                IndexSettings.DEFAULTS)) {
            new ImageIndexer(model, ImageLoader.standard(), TestImages::list, 4, null).update(w, List.of(images));
        }
        // a real image beside the indexed ones that was never indexed: must not be served
        TestImages.write(images.resolve("red/secret.png"), Color.RED, 1, 0);
        index = SearchIndex.open(tmp.resolve("idx"));
        server = new SearchServer(index, model, ImageLoader.standard(), "127.0.0.1", 0);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
        index.close();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpResponse<byte[]> get(String rawPathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + rawPathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(String query, String contentType, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/search" + query))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertIsJpeg(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(ImageIO.read(new ByteArrayInputStream(r.body()))).isNotNull();
    }

    @Test
    void textSearchReturnsResultsWithThumbnailsThatAreImages() throws Exception {
        HttpResponse<byte[]> r = get("/api/search?text=" + URLEncoder.encode("something red", StandardCharsets.UTF_8)
                + "&k=3");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(r.body()).get("results");
        assertThat(results).hasSize(3);
        for (JsonNode hit : results) {
            assertThat(hit.get("path").asText()).contains("/red/");
            assertIsJpeg(get(hit.get("thumb").asText()));
        }
        String indexed = results.get(0).get("path").asText();
        assertIsJpeg(get("/thumb?path=" + URLEncoder.encode(indexed, StandardCharsets.UTF_8)));
    }

    @Test
    void thumbnailsOfAnythingNotInTheIndexAreRefused() throws Exception {
        String red0 = images.resolve("red/red_0.png").toString();
        String secret = images.resolve("red/secret.png").toString();
        String sneaky = images.resolve("red").toString() + "/../red/red_0.png";
        List<String> attempts = List.of(
                "/thumb?path=../../../../etc/passwd",
                "/thumb?path=/etc/passwd",
                "/thumb?path=" + URLEncoder.encode(secret, StandardCharsets.UTF_8),
                "/thumb?path=" + URLEncoder.encode(sneaky, StandardCharsets.UTF_8),
                "/thumb?path=%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "/thumb?path=" + URLEncoder.encode(URLEncoder.encode(red0, StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8),
                "/thumb?path=" + URLEncoder.encode(red0.replace("/red/", "/red/./"), StandardCharsets.UTF_8),
                "/thumb?id=../../etc",
                "/thumb?id=0000000000000000",
                "/thumb",
                "/..%2f..%2fetc%2fpasswd",
                "/etc/passwd");
        for (String attempt : attempts) {
            HttpResponse<byte[]> r = get(attempt);
            assertThat(r.statusCode()).as(attempt).isBetween(400, 499);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(attempt).doesNotContain("image");
        }
        assertIsJpeg(get("/thumb?path=" + URLEncoder.encode(red0, StandardCharsets.UTF_8)));
    }

    @Test
    void imageUploadRawOrMultipartSearchesByImageAndNonImagesAreRefused() throws Exception {
        byte[] png = Files.readAllBytes(TestImages.write(tmp.resolve("query.png"), new Color(0, 0, 240), 3, 0));
        JsonNode raw = JSON.readTree(post("?k=3", "image/png", png).body());
        assertThat(raw.get("results")).hasSize(3)
                .allSatisfy(h -> assertThat(h.get("path").asText()).contains("/blue/"));

        String boundary = "----autodistill4jBoundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"q.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[head.length + png.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(png, 0, body, head.length, png.length);
        System.arraycopy(tail, 0, body, head.length + png.length, tail.length);
        HttpResponse<byte[]> multipart = post("?k=2", "multipart/form-data; boundary=" + boundary, body);
        assertThat(multipart.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(multipart.body()).get("results")).hasSize(2)
                .allSatisfy(h -> assertThat(h.get("path").asText()).contains("/blue/"));

        HttpResponse<byte[]> text = post("", "text/plain", "hello, I am not a picture".getBytes(StandardCharsets.UTF_8));
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(text.body()).get("error").asText()).contains("not an image");
        assertThat(post("", "image/png", new byte[0]).statusCode()).isEqualTo(400);
        assertThat(get("/api/search").statusCode()).isEqualTo(400);
        assertThat(get("/api/search?text=red&k=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void aRealBrowserTypesAQueryAndSeesResultThumbnails() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.launch()) {
            browser.call("Page.enable", Map.of());
            browser.navigate(base() + "/");
            assertThat(browser.waitFor("document.readyState === 'complete' && document.getElementById('q')",
                    Duration.ofSeconds(30))).isTrue();
            browser.eval("document.getElementById('k').value = '3'; document.getElementById('q').focus(); true");
            browser.type("something green");
            browser.pressEnter();
            assertThat(browser.waitFor("document.body.dataset.state === 'done' && "
                    + "document.querySelectorAll('#results img').length > 0 && "
                    + "[...document.querySelectorAll('#results img')].every(i => i.complete && i.naturalWidth > 0)",
                    Duration.ofSeconds(30))).as("results rendered with loaded thumbnails").isTrue();
            JsonNode shown = browser.eval("JSON.stringify([...document.querySelectorAll('#results figure')].map(f => "
                    + "({src: f.querySelector('img').getAttribute('src'), title: f.querySelector('img').title, "
                    + "w: f.querySelector('img').naturalWidth, score: f.querySelector('.score').textContent, "
                    + "href: f.querySelector('a') ? f.querySelector('a').getAttribute('href') : null, "
                    + "linked: f.querySelector('a img') !== null})))");
            JsonNode figures = JSON.readTree(shown.asText());
            assertThat(figures).hasSize(3);
            List<String> srcs = new ArrayList<>();
            for (JsonNode f : figures) {
                assertThat(f.get("title").asText()).contains("/green/");
                assertThat(f.get("w").asInt()).isPositive();
                assertThat(Double.parseDouble(f.get("score").asText())).isBetween(0.5, 1.0);
                srcs.add(f.get("src").asText());
                // the thumbnail links to the full image, which is exactly the indexed file
                assertThat(f.get("linked").asBoolean()).isTrue();
                String href = f.get("href").asText();
                assertThat(href).startsWith("/image?id=");
                HttpResponse<byte[]> full = get(href);
                assertThat(full.statusCode()).isEqualTo(200);
                assertThat(full.headers().firstValue("Content-Type")).hasValue("image/png");
                assertThat(full.body()).isEqualTo(Files.readAllBytes(Path.of(f.get("title").asText())));
            }
            for (String src : srcs) {
                assertThat(src).startsWith("/thumb?id=");
                assertIsJpeg(get(src));
            }
            assertThat(browser.eval("location.hash").asText()).isEqualTo("#q=something%20green");

            // a bookmarked query in the fragment runs on load
            browser.navigate(base() + "/#q=blue");
            // a fragment-only navigation is committed asynchronously: reload only once it is, or the reload can
            // reload the previous URL (#q=something%20green) and the page never shows blue
            assertThat(browser.waitFor("location.hash === '#q=blue'", Duration.ofSeconds(30))).isTrue();
            browser.call("Page.reload", Map.of());
            assertThat(browser.waitFor("document.body.dataset.state === 'done' && document.getElementById('q').value"
                    + " === 'blue' && document.querySelector('#results img') && "
                    + "document.querySelector('#results img').title.includes('/blue/')", Duration.ofSeconds(30)))
                    .isTrue();
        }
    }
}
