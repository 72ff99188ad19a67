package dev.autodistill4j.search.server;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
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
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Issue 19, item 13: decode bombs, idle connections and bare LFs cannot take the server from other clients.
 * No assertion depends on timing: a slow decode is a decode that waits for the test to release it, and "at once"
 * means before a deadline the test set far beyond its own 30 s read timeout.
 */
class ServerFairnessTest {
    /** Side of the test's decode bombs: tiny PNGs (deflated zeros) that decode to side × side pixels. */
    private static final int BOMB = 2000;
    private static final String OTHER_CLIENT = "127.0.0.2";
    private static final ServerLimits TWO_WORKERS = new ServerLimits(2, 64, 256, Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ofSeconds(60), 16 * 1024, 1 << 20, 64L << 20);

    @TempDir
    static Path tmp;
    private static SearchIndex index;
    private static byte[] bomb;
    private static byte[] small;
    /** An indexed original larger than the loopback socket buffers, so a client that does not read stalls it. */
    private static Path large;

    @BeforeAll
    static void buildIndex() throws Exception {
        Path images = tmp.resolve("images");
        TestImages.folder(images, 2);
        large = images.resolve("large.bmp");
        BufferedImage noise = new BufferedImage(2400, 2400, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(7);
        for (int y = 0; y < noise.getHeight(); y++) {
            for (int x = 0; x < noise.getWidth(); x++) {
                noise.setRGB(x, y, r.nextInt());
            }
        }
        javax.imageio.ImageIO.write(noise, "bmp", large.toFile()); // 17 MB, uncompressed
        ColourModel model = new ColourModel();
        try (SearchIndexWriter w = SearchIndexWriter.open(tmp.resolve("idx"), IndexedModel.of(model.info(), 4),
                IndexSettings.DEFAULTS)) {
            new ImageIndexer(model, ImageLoader.standard(), dir -> {
                List<Path> all = new ArrayList<>(TestImages.list(dir));
                all.add(large);
                return all;
            }, 2, null).update(w, List.of(images));
        }
        index = SearchIndex.open(tmp.resolve("idx"));
        bomb = PngBomb.grey(BOMB, BOMB);
        small = Files.readAllBytes(TestImages.write(tmp.resolve("small.png"), Color.BLUE, 1, 0));
    }

    @AfterAll
    static void closeIndex() {
        index.close();
    }

    private static SearchServer start(GatedLoader loader, ServerLimits limits) {
        SearchServer s = new SearchServer(index, new ColourModel(), loader, "127.0.0.1", 0, Set.of(), limits);
        s.start();
        return s;
    }

    private static String get(SearchServer s, String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + s.port() + "\r\n\r\n";
    }

    /** Opens a connection from {@code from} (null: any), sends an image upload and leaves the answer unread. */
    private static Socket upload(SearchServer s, String from, byte[] png) throws IOException {
        Socket c = RawHttp.connectFrom(from, s.port());
        byte[] head = ("POST /api/search?k=1 HTTP/1.1\r\nHost: 127.0.0.1:" + s.port()
                + "\r\nContent-Type: image/png\r\nContent-Length: " + png.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        c.getOutputStream().write(head);
        c.getOutputStream().write(png);
        c.getOutputStream().flush();
        return c;
    }

    private static int status(Socket c) throws IOException {
        try (c) {
            return RawHttp.read(c).status();
        }
    }

    private static RawHttp.Answer send(String from, int port, String request) throws IOException {
        return RawHttp.send(from, port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assumeSecondLoopbackAddress() {
        try (Socket probe = new Socket()) {
            probe.bind(new java.net.InetSocketAddress(OTHER_CLIENT, 0));
        } catch (IOException e) {
            assumeThat(false).as("this system cannot bind " + OTHER_CLIENT + " (Linux routes all of 127/8)")
                    .isTrue();
        }
    }

    @Test
    void textQueriesAreAnsweredWhileTenDecodeBombsWait() throws Exception {
        GatedLoader loader = new GatedLoader(BOMB);
        List<Socket> uploads = new ArrayList<>();
        try (SearchServer s = start(loader, TWO_WORKERS)) {
            try {
                for (int i = 0; i < 10; i++) {
                    uploads.add(upload(s, null, bomb));
                }
                loader.awaitStarted(1);
                for (int round = 0; round < 3; round++) { // before the bombs are released (RawHttp waits 30 s)
                    assertThat(RawHttp.send(s.port(), get(s, "/api/search?k=1&text=blue")).status())
                            .as("text query while bombs decode").isEqualTo(200);
                    assertThat(RawHttp.send(s.port(), get(s, "/")).status()).isEqualTo(200);
                }
            } finally {
                loader.release.countDown();
            }
            List<Integer> answers = new ArrayList<>();
            for (Socket c : uploads) {
                answers.add(status(c));
            }
            int perClient = TWO_WORKERS.decodeQueuePerClient();
            assertThat(answers).as("one client decodes at most " + perClient + " images; the rest are refused")
                    .containsOnly(200, 503).filteredOn(a -> a == 200).hasSize(perClient);
            assertThat(loader.started.get()).isEqualTo(perClient);
        }
    }

    @Test
    void anotherClientsUploadIsDecodedWhileTheFirstClientsBombsWait() throws Exception {
        assumeSecondLoopbackAddress();
        GatedLoader loader = new GatedLoader(BOMB);
        List<Socket> bombs = new ArrayList<>();
        try (SearchServer s = start(loader, TWO_WORKERS.withDecoding(2, 8))) {
            try {
                for (int i = 0; i < 5; i++) {
                    bombs.add(upload(s, null, bomb));
                }
                loader.awaitStarted(1);
                assertThat(status(upload(s, OTHER_CLIENT, small))).as("the other client's upload").isEqualTo(200);
                assertThat(loader.started.get()).as("the first client keeps to all decoders but one").isEqualTo(1);
            } finally {
                loader.release.countDown();
            }
            for (Socket c : bombs) {
                assertThat(status(c)).isEqualTo(200);
            }
        }
    }

    @Test
    void idleConnectionsFromOneAddressDoNotLockOutASecondClient() throws Exception {
        assumeSecondLoopbackAddress();
        try (SearchServer s = start(new GatedLoader(BOMB), ServerLimits.DEFAULTS)) {
            List<Socket> idle = openIdle(s, 256);
            try {
                for (int i = 0; i < 20; i++) {
                    assertThat(send(OTHER_CLIENT, s.port(), get(s, "/api/search?k=1&text=red")).status())
                            .as("request " + i + " from " + OTHER_CLIENT).isEqualTo(200);
                }
            } finally {
                closeAll(idle);
            }
        }
    }

    @Test
    void aReconnectingClientIsServedBesideIdleConnectionsOfItsOwnAddress() throws Exception {
        // per-address limit first, then (with no per-address limit) the closing of the most idle near the cap
        for (ServerLimits limits : List.of(ServerLimits.DEFAULTS, ServerLimits.DEFAULTS.withConnectionShares(256, 16))) {
            try (SearchServer s = start(new GatedLoader(BOMB), limits)) {
                List<Socket> idle = openIdle(s, 256);
                try {
                    for (int i = 0; i < 50; i++) {
                        assertThat(RawHttp.send(s.port(), get(s, "/api/search?k=1&text=red")).status())
                                .as("request " + i + " with " + limits.maxConnectionsPerAddress() + " per address")
                                .isEqualTo(200);
                    }
                } finally {
                    closeAll(idle);
                }
            }
        }
    }

    @Test
    void whenEveryConnectionIsBusyTheReserveAdmitsANewAddressAndTheRestGet503() throws Exception {
        assumeSecondLoopbackAddress();
        ServerLimits four = new ServerLimits(2, 8, 4, Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(60), 16 * 1024, 1 << 20, 64L << 20).withConnectionShares(4, 1).withDecoding(3, 8);
        GatedLoader loader = new GatedLoader(BOMB);
        List<Socket> busy = new ArrayList<>();
        try (SearchServer s = start(loader, four)) {
            try {
                for (String from : List.of("127.0.0.1", "127.0.0.3", "127.0.0.4")) { // one decode per client
                    busy.add(upload(s, from, bomb));
                }
                loader.awaitStarted(3); // all three are being answered: none is idle
                assertThat(RawHttp.send(s.port(), get(s, "/")).status()).as("a fourth from the same address")
                        .isEqualTo(503);
                assertThat(send(OTHER_CLIENT, s.port(), get(s, "/")).status()).as("a new address, in the reserve")
                        .isEqualTo(200);
            } finally {
                loader.release.countDown();
            }
            for (Socket c : busy) {
                assertThat(status(c)).isEqualTo(200);
            }
            assertThat(RawHttp.send(s.port(), get(s, "/api/search?k=1&text=red")).status()).isEqualTo(200);
        }
    }

    @Test
    void answersAClientStoppedReadingAreClosedForANewConnection() throws Exception {
        ServerLimits four = new ServerLimits(2, 8, 4, Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(60), 16 * 1024, 1 << 20, 64L << 20);
        try (SearchServer s = start(new GatedLoader(BOMB), four)) {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < four.maxConnectionsPerAddress(); i++) {
                    Socket c = new Socket();
                    c.setReceiveBufferSize(4096);
                    c.connect(new java.net.InetSocketAddress("127.0.0.1", s.port()), 5000);
                    c.setSoTimeout(30_000);
                    stalled.add(c);
                    c.getOutputStream().write(get(s, "/image?id=" + SearchIndex.idOf(large.toString()))
                            .getBytes(StandardCharsets.ISO_8859_1));
                    c.getOutputStream().flush();
                    assertThat(c.getInputStream().read()).as("the answer started").isEqualTo('H');
                }
                // the server fills the socket buffers at once and then waits; well past the 1 s stall mark:
                Thread.sleep(3 * TimeUnit.NANOSECONDS.toMillis(ConnectionPolicy.STALLED_NANOS));
                assertThat(RawHttp.send(s.port(), get(s, "/api/search?k=1&text=red")).status())
                        .as("a new connection beside " + stalled.size() + " stalled downloads").isEqualTo(200);
                long full = Files.size(large);
                List<Boolean> complete = new ArrayList<>();
                for (Socket c : stalled) {
                    complete.add(readAll(c) > full);
                }
                assertThat(complete).as("the most idle download was dropped, the others complete")
                        .containsExactly(false, true, true, true);
            } finally {
                closeAll(stalled);
            }
        }
    }

    @Test
    void aLargeUploadIsReducedOnItsDecoderBeforeTheModelIsHeldForIt() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ColourModel colours = new ColourModel();
        EmbeddingModel recording = new EmbeddingModel() {
            @Override
            public ModelInfo info() {
                return colours.info();
            }

            @Override
            public int embeddingDimension() {
                return colours.embeddingDimension();
            }

            @Override
            public List<float[]> embedImages(List<BufferedImage> images) {
                images.forEach(i -> seen.add(i.getWidth() + "x" + i.getHeight()));
                return colours.embedImages(images);
            }

            @Override
            public List<float[]> embedTexts(List<String> texts) {
                return colours.embedTexts(texts);
            }

            @Override
            public void close() {
                colours.close();
            }
        };
        try (SearchServer s = new SearchServer(index, recording, ImageLoader.standard(), "127.0.0.1", 0, Set.of(),
                TWO_WORKERS)) {
            s.start();
            assertThat(status(upload(s, null, PngBomb.grey(4096, 3000)))).isEqualTo(200);
        }
        assertThat(seen).as("box-reduced by 2: the shorter side stays at least " + SearchServer.KEEP_MIN_SIDE)
                .containsExactly("2048x1500");
    }

    /** Bytes read until the server closes (or resets) the connection. */
    private static long readAll(Socket c) {
        long n = 0;
        byte[] buf = new byte[64 * 1024];
        try {
            for (int k; (k = c.getInputStream().read(buf)) >= 0; ) {
                n += k;
            }
        } catch (IOException e) {
            // a reset: the server dropped this one
        }
        return n;
    }

    @Test
    void malformedHeadsAreRefusedAtOnceNotAtTheHeaderDeadline() throws Exception {
        // the header deadline (60 s) lies beyond RawHttp's 30 s read timeout: an answer proves it came at once
        try (SearchServer s = start(new GatedLoader(BOMB), TWO_WORKERS)) {
            String host = "Host: 127.0.0.1:" + s.port();
            for (String bad : List.of("GET / HTTP/1.1\n" + host + "\n\n", "GET / HTTP/1.1\r\n" + host + "\n\r\n",
                    "GET / HTTP/1.1\n", "GET / HTTP/1.1\r" + host, "GARBAGE\r\n", "GET /\u0001", "\n")) {
                try (Socket c = RawHttp.connect(s.port())) {
                    c.getOutputStream().write(bad.getBytes(StandardCharsets.ISO_8859_1));
                    c.getOutputStream().flush(); // and nothing more: the head never ends
                    RawHttp.Answer a = RawHttp.read(c);
                    assertThat(a.status()).as(bad.replace("\r", "\\r").replace("\n", "\\n")).isEqualTo(400);
                    assertThat(a.text()).contains("\"error\"");
                }
            }
            try (Socket c = RawHttp.connect(s.port())) { // a CR that ends one read, its bad successor in the next
                c.setTcpNoDelay(true);
                c.getOutputStream().write("GET / HTTP/1.1\r".getBytes(StandardCharsets.ISO_8859_1));
                c.getOutputStream().flush();
                Thread.sleep(200);
                c.getOutputStream().write(host.getBytes(StandardCharsets.ISO_8859_1));
                c.getOutputStream().flush();
                assertThat(RawHttp.read(c).status()).as("CR, pause, then no LF").isEqualTo(400);
            }
            assertThat(RawHttp.send(s.port(), get(s, "/api/search?k=1&text=red")).status()).isEqualTo(200);
        }
    }

    /** {@code n} connections that send nothing; each connect completes in the kernel before the server accepts. */
    private static List<Socket> openIdle(SearchServer s, int n) throws IOException {
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            idle.add(RawHttp.connect(s.port()));
        }
        return idle;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket c : sockets) {
            c.close();
        }
    }
}
