package dev.autodistill4j.search.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.IndexedImage;
import dev.autodistill4j.search.QueryBuilder;
import dev.autodistill4j.search.SearchHit;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.Thumbnails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small search web app on the JDK's {@code com.sun.net.httpserver} (no extra dependency): the search page,
 * {@code GET/POST /api/search}, and {@code /thumb} previews. Thumbnails are served only for images that are in
 * the index, looked up by stable id or by exactly the stored path, so the server can never be used to read other
 * files: {@code ..}, other absolute paths and encoded tricks all end in 4xx.
 */
public final class SearchServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchServer.class);
    static final int MAX_UPLOAD = 32 * 1024 * 1024;
    private static final int MAX_K = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SearchIndex index;
    private final EmbeddingModel model;
    private final ImageLoader loader;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] page;

    public SearchServer(SearchIndex index, EmbeddingModel model, ImageLoader loader, String host, int port) {
        this.index = index;
        this.model = model;
        this.loader = loader;
        this.page = readPage();
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new Autodistill4jException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): choose another --port or stop the program that uses it", e);
        }
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "search-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    private static byte[] readPage() {
        try (InputStream in = SearchServer.class.getResourceAsStream("/dev/autodistill4j/search/search.html")) {
            if (in == null) {
                throw new IllegalStateException("search.html is missing from the search jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void start() {
        server.start();
        LOG.info("serving {} images on http://{}:{}/", index.size(), server.getAddress().getHostString(), port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            switch (path) {
                case "/", "/index.html" -> {
                    requireMethod(method, "GET");
                    send(ex, 200, "text/html; charset=utf-8", page);
                }
                case "/api/search" -> {
                    if (method.equals("GET")) {
                        sendJson(ex, 200, search(Query.parse(ex.getRequestURI().getRawQuery()), null));
                    } else if (method.equals("POST")) {
                        sendJson(ex, 200, search(Query.parse(ex.getRequestURI().getRawQuery()), upload(ex)));
                    } else {
                        throw new HttpError(405, "use GET or POST on /api/search");
                    }
                }
                case "/thumb" -> {
                    requireMethod(method, "GET");
                    thumbnail(ex, Query.parse(ex.getRequestURI().getRawQuery()));
                }
                default -> throw new HttpError(404, "no such page: " + path);
            }
        } catch (HttpError e) {
            error(ex, e.status, e.getMessage());
        } catch (Autodistill4jException e) {
            error(ex, 400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("request {} failed", ex.getRequestURI(), e);
            error(ex, 500, "internal error: " + e);
        } finally {
            ex.close();
        }
    }

    private static void requireMethod(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new HttpError(405, "use " + expected);
        }
    }

    private Map<String, Object> search(Query q, BufferedImage image) {
        List<String> texts = q.all("text");
        if (texts.isEmpty() && image == null) {
            throw new HttpError(400, "no query: give ?text=... or POST an image");
        }
        int k = q.intValue("k", 20, 1, MAX_K);
        boolean exact = "true".equals(q.first("exact"));
        float[] vector;
        synchronized (model) {
            QueryBuilder builder = new QueryBuilder(model);
            texts.forEach(builder::text);
            if (image != null) {
                builder.image(image);
            }
            vector = builder.build();
        }
        List<SearchHit> hits = exact ? index.searchExact(vector, k) : index.search(vector, k);
        List<Map<String, Object>> results = new ArrayList<>();
        for (SearchHit h : hits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("path", h.path());
            m.put("name", Path.of(h.path()).getFileName().toString());
            m.put("score", h.score());
            m.put("thumb", "/thumb?id=" + h.id());
            results.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("texts", texts);
        out.put("image", image != null);
        out.put("results", results);
        return out;
    }

    private BufferedImage upload(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_UPLOAD + 1);
        }
        if (body.length > MAX_UPLOAD) {
            throw new HttpError(413, "the upload is larger than " + (MAX_UPLOAD >> 20) + " MiB");
        }
        String boundary = Multipart.boundary(ex.getRequestHeaders().getFirst("Content-Type"));
        byte[] image = boundary == null ? body : Multipart.firstFile(body, boundary);
        if (image.length == 0) {
            throw new HttpError(400, "the upload is empty: POST an image file");
        }
        Path tmp = Files.createTempFile("autodistill4j-upload", ".img");
        try {
            Files.write(tmp, image);
            return loader.load(tmp);
        } catch (Autodistill4jException e) {
            throw new HttpError(400, "the upload is not an image we can read: "
                    + e.getMessage().replace(tmp.toString(), "upload"));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void thumbnail(HttpExchange ex, Query q) throws IOException {
        Optional<IndexedImage> image;
        String id = q.first("id");
        String path = q.first("path");
        if (id != null) {
            if (!id.matches("[0-9a-f]{16}")) {
                throw new HttpError(400, "bad thumbnail id");
            }
            image = index.byId(id);
        } else if (path != null) {
            if (path.contains("..") || path.contains("\0") || path.contains("%")) {
                throw new HttpError(400, "refused: thumbnail paths may not contain '..', '%' or NUL");
            }
            image = index.byPath(path);
        } else {
            throw new HttpError(400, "give ?id= or ?path= of an indexed image");
        }
        IndexedImage img = image.orElseThrow(() -> new HttpError(404, "not an image of this index"));
        int size = q.intValue("size", 256, 16, 1024);
        byte[] jpeg = Thumbnails.jpeg(loader.load(Path.of(img.path())), size);
        ex.getResponseHeaders().set("Cache-Control", "max-age=300");
        send(ex, 200, "image/jpeg", jpeg);
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void error(HttpExchange ex, int status, String message) {
        try {
            sendJson(ex, status, Map.of("error", message));
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not send error response", e);
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Query-string parameters, each value percent-decoded exactly once. */
    record Query(Map<String, List<String>> params) {
        static Query parse(String raw) {
            Map<String, List<String>> m = new LinkedHashMap<>();
            if (raw != null && !raw.isEmpty()) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    m.computeIfAbsent(key, x -> new ArrayList<>()).add(value);
                }
            }
            return new Query(m);
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "malformed percent-encoding in the query string");
            }
        }

        List<String> all(String key) {
            return params.getOrDefault(key, List.of()).stream().filter(v -> !v.isBlank()).toList();
        }

        String first(String key) {
            List<String> v = params.get(key);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        int intValue(String key, int dflt, int min, int max) {
            String v = first(key);
            if (v == null || v.isBlank()) {
                return dflt;
            }
            try {
                int i = Integer.parseInt(v.strip());
                if (i < min || i > max) {
                    throw new HttpError(400, key + " must be between " + min + " and " + max);
                }
                return i;
            } catch (NumberFormatException e) {
                throw new HttpError(400, key + " must be a number");
            }
        }
    }
}
