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

import java.awt.Color;
import java.io.IOException;
import java.net.Socket;
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
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 8, items 11 and 12: slow clients, foreign Host names, oversized and malformed requests. */
class SearchServerHostileClientsTest {
    @TempDir
    static Path tmp;

    private static SearchIndex index;
    private static SearchServer server;
    private static Path images;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startServer() throws Exception {
        images = tmp.resolve("images");
        TestImages.folder(images, 3);
        TestImages.write(images.resolve("grey/gone.png"), new Color(128, 128, 128), 7, 10);
        TestImages.write(images.resolve("grey/changed.png"), new Color(120, 120, 120), 8, 10);
        ColourModel model = new ColourModel();
        try (SearchIndexWriter w = SearchIndexWriter.open(tmp.resolve("idx"), IndexedModel.of(model.info(), 4),
                IndexSettings.DEFAULTS)) {
            new ImageIndexer(model, ImageLoader.standard(), TestImages::list, 4, null).update(w, List.of(images));
        }
        index = SearchIndex.open(tmp.resolve("idx"));
        server = new SearchServer(index, model, ImageLoader.standard(), "127.0.0.1", 0);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
        index.close();
    }

    private static HttpResponse<byte[]> query(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String get(String target, String host) {
        return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }

    private static String ours() {
        return "127.0.0.1:" + server.port();
    }

    /** A JSON error with this status, naming no server path and no HTML. */
    private static JsonNode assertJsonError(RawHttp.Answer a, int status, String what) throws IOException {
        assertThat(a.status()).as(what + ": " + a.head()).isEqualTo(status);
        assertThat(a.head()).as(what).containsIgnoringCase("Content-Type: application/json");
        JsonNode body = JSON.readTree(a.body());
        assertThat(body.get("error").asText()).as(what).isNotBlank();
        assertThat(a.text()).as(what).doesNotContain(tmp.toString()).doesNotContain("<html").doesNotContain("Exception");
        return body;
    }

    @Test
    void moreSlowClientsThanWorkersDoNotStopANormalQuery() throws Exception {
        int slow = 20;
        assertThat(slow).isGreaterThan(2 * ServerLimits.DEFAULTS.workers());
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < slow; i++) {
                Socket s = RawHttp.connect(server.port());
                sockets.add(s);
                String partial = i % 2 == 0
                        ? "GET /api/search?text=red HTTP/1.1\r\nHost: " + ours() + "\r\nX-Slow: " // headers stop here
                        : "POST /api/search?k=1 HTTP/1.1\r\nHost: " + ours() + "\r\nContent-Type: image/png\r\n"
                        + "Content-Length: 100000\r\n\r\n0123456789"; // a body that stops
                s.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            }
            for (int round = 0; round < 3; round++) {
                HttpResponse<byte[]> r = query("/api/search?k=2&text=" + URLEncoder.encode("something blue",
                        StandardCharsets.UTF_8));
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).get("results")).hasSize(2)
                        .allSatisfy(h -> assertThat(h.get("path").asText()).contains("/blue/"));
                assertThat(query("/").statusCode()).isEqualTo(200);
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void slowClientsAreAnsweredWith408AtTheirDeadlineAndClosed() throws Exception {
        ServerLimits quick = ServerLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        try (SearchServer s = new SearchServer(index, new ColourModel(), ImageLoader.standard(), "127.0.0.1", 0,
                Set.of(), quick)) {
            s.start();
            String host = "127.0.0.1:" + s.port();
            for (String partial : List.of("GET / HTTP/1.1\r\nHost: " + host + "\r\n",
                    "POST /api/search HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 50\r\n\r\n12345", "")) {
                try (Socket c = RawHttp.connect(s.port())) {
                    c.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
                    RawHttp.Answer a = RawHttp.read(c); // returns at the server's deadline, or fails after 30 s
                    assertJsonError(a, 408, "stalled after " + partial.length() + " bytes");
                }
            }
        }
    }

    @Test
    void atTheConnectionLimitTheMostIdleConnectionIsClosedForANewOne() throws Exception {
        ServerLimits few = new ServerLimits(2, 4, 4, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 16 * 1024, 1024 * 1024, 4L * 1024 * 1024);
        try (SearchServer s = new SearchServer(index, new ColourModel(), ImageLoader.standard(), "127.0.0.1", 0,
                Set.of(), few)) {
            s.start();
            String host = "127.0.0.1:" + s.port();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    idle.add(RawHttp.connect(s.port()));
                }
                // (the 503 when every connection is busy: ServerFairnessTest)
                assertThat(RawHttp.send(s.port(), get("/api/search?k=1&text=red", host)).status())
                        .as("one connection more than the limit").isEqualTo(200);
                assertThat(idle.getFirst().getInputStream().read()).as("the oldest idle one was closed")
                        .isEqualTo(-1);
            } finally {
                for (Socket c : idle) {
                    c.close();
                }
            }
        }
    }

    @Test
    void stalledUploadsCannotReserveMoreThanTheBodyBudget() throws Exception {
        ServerLimits small = new ServerLimits(2, 4, 64, Duration.ofSeconds(20), Duration.ofSeconds(20),
                Duration.ofSeconds(20), 16 * 1024, 200_000, 300_000);
        try (SearchServer s = new SearchServer(index, new ColourModel(), ImageLoader.standard(), "127.0.0.1", 0,
                Set.of(), small)) {
            s.start();
            String host = "127.0.0.1:" + s.port();
            String stalled = "POST /api/search HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 200000\r\n\r\nxx";
            try (Socket first = RawHttp.connect(s.port())) {
                first.getOutputStream().write(stalled.getBytes(StandardCharsets.ISO_8859_1));
                first.getOutputStream().flush();
                // a round trip after the stalled bytes were sent: by its answer the server has read those bytes
                assertThat(RawHttp.send(s.port(), get("/", host)).status()).isEqualTo(200);
                RawHttp.Answer second = RawHttp.send(s.port(), stalled);
                assertJsonError(second, 503, "a second 200 kB upload beyond the 300 kB budget");
                assertThat(RawHttp.send(s.port(), get("/api/search?k=1&text=red", host)).status())
                        .as("queries still answer").isEqualTo(200);
            }
        }
    }

    @Test
    void requestsForAnotherHostNameAreRefused() throws Exception {
        int port = server.port();
        for (String foreign : List.of("evil.example:" + port, "evil.example", "127.0.0.1.nip.io:" + port,
                "127.0.0.1:" + (port == 65535 ? 1 : port + 1), "localhost.evil.example:" + port, "")) {
            assertJsonError(RawHttp.send(port, get("/api/search?text=red", foreign)), 403, "Host " + foreign);
        }
        assertJsonError(RawHttp.send(port, "GET / HTTP/1.0\r\n\r\n"), 403, "no Host at all");
        assertJsonError(RawHttp.send(port, "POST /api/search?text=red HTTP/1.1\r\nHost: " + ours()
                + "\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\n\r\n"), 403, "another site's page");
        assertThat(RawHttp.send(port, "GET /api/search?k=1&text=red HTTP/1.1\r\nHost: " + ours()
                + "\r\nOrigin: http://" + ours() + "\r\n\r\n").status()).as("our own page").isEqualTo(200);
        for (String ok : List.of(ours(), "localhost:" + port, "LOCALHOST:" + port)) {
            assertThat(RawHttp.send(port, get("/api/search?k=1&text=red", ok)).status()).as(ok).isEqualTo(200);
        }
    }

    @Test
    void malformedOversizedAndUnsupportedRequestsGetJsonErrors() throws Exception {
        int port = server.port();
        assertJsonError(RawHttp.send(port, get("/api/search?text=%zz", ours())), 400, "bad percent-encoding");
        assertJsonError(RawHttp.send(port, get("/api/search?text=%E0%A4%A", ours())), 400, "truncated UTF-8");
        assertJsonError(RawHttp.send(port, get("/api/search?text=a b", ours())), 400, "space in the target");
        assertJsonError(RawHttp.send(port, get("http://evil.example/", ours())), 400, "absolute-form target");
        assertJsonError(RawHttp.send(port, "GARBAGE\r\n\r\n"), 400, "no request line");
        assertJsonError(RawHttp.send(port, "GET / HTTP/1.1\r\nHost " + ours() + "\r\n\r\n"), 400, "header colon");
        assertJsonError(RawHttp.send(port, ("GET /?q=\u00e9 HTTP/1.1\r\nHost: " + ours() + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8)), 400, "raw non-ASCII");
        assertJsonError(RawHttp.send(port, "GET / HTTP/1.1\r\nHost: " + ours() + "\r\nX-Big: " + "a".repeat(20_000)
                + "\r\n\r\n"), 431, "huge header");
        assertJsonError(RawHttp.send(port, get("/api/search?text=" + "a".repeat(9000), ours())), 414, "huge URL");
        assertJsonError(RawHttp.send(port, "POST /api/search HTTP/1.1\r\nHost: " + ours()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 411, "chunked");
        assertJsonError(RawHttp.send(port, "POST /api/search HTTP/1.1\r\nHost: " + ours()
                + "\r\nContent-Length: 1000000000\r\n\r\n"), 413, "1 GB upload");
        assertJsonError(RawHttp.send(port, "DELETE /api/search HTTP/1.1\r\nHost: " + ours() + "\r\n\r\n"), 405,
                "method");
        JsonNode notFound = assertJsonError(RawHttp.send(port, get("/etc/passwd", ours())), 404, "unknown page");
        assertThat(notFound.toString()).doesNotContain("passwd");
    }

    @Test
    void queryTermsAreBoundedInNumberAndLength() throws Exception {
        String many = String.join("&", Collections.nCopies(SearchServer.MAX_TERMS + 1, "text=red"));
        assertJsonError(RawHttp.send(server.port(), get("/api/search?" + many, ours())), 400, "too many terms");
        String params = String.join("&", Collections.nCopies(Query.MAX_PARAMETERS + 1, "k=1"));
        assertJsonError(RawHttp.send(server.port(), get("/api/search?text=red&" + params, ours())), 400,
                "too many parameters");
        assertJsonError(RawHttp.send(server.port(), get("/api/search?text=" + "b".repeat(SearchServer.MAX_TERM_LENGTH
                + 1), ours())), 400, "long term");
        String most = String.join("&", Collections.nCopies(SearchServer.MAX_TERMS, "text=red"));
        assertThat(RawHttp.send(server.port(), get("/api/search?k=1&" + most, ours())).status()).isEqualTo(200);
    }

    @Test
    void errorsNeverEchoFileBytesOrServerPaths() throws Exception {
        String secret = "SECRET-FILE-CONTENT-1234";
        byte[] body = ("not an image " + secret).getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer upload = RawHttp.send(server.port(), ("POST /api/search HTTP/1.1\r\nHost: " + ours()
                + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n" + new String(body,
                StandardCharsets.ISO_8859_1)));
        assertThat(assertJsonError(upload, 400, "non-image upload").toString()).contains("not an image")
                .doesNotContain(secret).doesNotContain("/tmp");

        Path gone = images.resolve("grey/gone.png");
        Files.delete(gone);
        String id = SearchIndex.idOf(gone.toString());
        for (String route : List.of("/thumb?id=", "/image?id=")) {
            JsonNode e = assertJsonError(RawHttp.send(server.port(), get(route + id, ours())), 410, route);
            assertThat(e.toString()).doesNotContain("gone.png").doesNotContain(images.toString());
        }
    }

    @Test
    void fullImagesAreServedForIndexedImagesOnlyAndOnlyWhileUnchanged() throws Exception {
        HttpResponse<byte[]> search = query("/api/search?k=1&text=red");
        JsonNode hit = JSON.readTree(search.body()).get("results").get(0);
        HttpResponse<byte[]> original = query(hit.get("original").asText());
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(original.body()).isEqualTo(Files.readAllBytes(Path.of(hit.get("path").asText())));

        String secret = images.resolve("red/never-indexed.png").toString();
        TestImages.write(Path.of(secret), Color.RED, 3, 0);
        for (String attempt : List.of("/image?path=../../../../etc/passwd", "/image?path=/etc/passwd",
                "/image?path=" + URLEncoder.encode(secret, StandardCharsets.UTF_8),
                "/image?path=%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/image?id=../../etc", "/image?id=0000000000000000",
                "/image", "/image/../etc/passwd", "/image?path=" + URLEncoder.encode(images + "/red/../red/red_0.png",
                        StandardCharsets.UTF_8))) {
            HttpResponse<byte[]> r = query(attempt);
            assertThat(r.statusCode()).as(attempt).isBetween(400, 499);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(attempt).startsWith("application/json");
        }
        Path changed = images.resolve("grey/changed.png");
        TestImages.write(changed, new Color(10, 200, 10), 99, 10); // same size class, other bytes
        assertThat(query("/image?id=" + SearchIndex.idOf(changed.toString())).statusCode()).isEqualTo(410);
        assertThat(query("/thumb?id=" + SearchIndex.idOf(changed.toString())).statusCode()).isEqualTo(410);
    }
}
