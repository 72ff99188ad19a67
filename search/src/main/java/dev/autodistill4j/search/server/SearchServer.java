package dev.autodistill4j.search.server;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.runtime.image.ImageReduction;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.IndexModelMismatchException;
import dev.autodistill4j.search.QueryBuilder;
import dev.autodistill4j.search.SearchHit;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.SearchIndexException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small search web app: the search page, {@code GET/POST /api/search}, {@code /thumb} previews and
 * {@code /image} originals of indexed images (see {@link ImageRoutes} for why nothing else can be read).
 *
 * <p>Hostile clients are expected: requests are read by {@link HttpFrontEnd} with deadlines and size limits
 * ({@link ServerLimits}), a {@code Host} that is not this server's name or address is refused (DNS rebinding),
 * and so is an {@code Origin} of another web page (cross-site requests),
 * query terms are bounded, and every error is a JSON {@code {"error": …}} that names no server path and echoes
 * no file content.
 */
public final class SearchServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchServer.class);
    private static final int MAX_K = 500;
    static final int MAX_TERMS = 16;
    static final int MAX_TERM_LENGTH = 1000;
    /** Uploads are box-reduced while their shorter side stays at least this (as labelling does) before embedding. */
    static final int KEEP_MIN_SIDE = 1024;

    private final SearchIndex index;
    private final EmbeddingModel model;
    private final ImageLoader loader;
    private final ImageRoutes images;
    private final HttpFrontEnd http;
    private final PageGuard guard;
    private final String host;
    private final byte[] page;

    public SearchServer(SearchIndex index, EmbeddingModel model, ImageLoader loader, String host, int port) {
        this(index, model, loader, host, port, Set.of(), ServerLimits.DEFAULTS);
    }

    /**
     * @param allowedHosts further {@code Host} names to accept besides the bound one and, on loopback or all
     *                     interfaces, {@code localhost} (e.g. the machine's DNS name when bound to 0.0.0.0)
     */
    public SearchServer(SearchIndex index, EmbeddingModel model, ImageLoader loader, String host, int port,
                        Set<String> allowedHosts, ServerLimits limits) {
        this.index = index;
        this.model = model;
        this.loader = loader;
        this.host = host;
        this.images = new ImageRoutes(index, loader);
        this.page = readPage();
        this.http = PageGuard.listen(host, port, limits, this::handle, SearchServer::decodes);
        this.guard = PageGuard.of(host, http, allowedHosts, "serve");
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
        http.start();
        LOG.info("serving {} images on http://{}:{}/", index.size(), host, port());
    }

    public int port() {
        return http.address().getPort();
    }

    /** Image uploads and thumbnails decode images, so they wait for a decoder rather than hold a worker. */
    static boolean decodes(HttpRequest r) {
        return r.rawPath().equals("/thumb") || r.rawPath().equals("/api/search") && r.method().equals("POST");
    }

    HttpResponse handle(HttpRequest request) {
        try {
            guard.check(request);
            return route(request);
        } catch (HttpError e) {
            return HttpResponse.error(e.status, e.getMessage());
        } catch (IndexModelMismatchException e) {
            LOG.error("request {} {} failed", request.method(), request.rawPath(), e);
            return HttpResponse.error(500, "internal error; the server log has the details");
        } catch (SearchIndexException e) {
            return HttpResponse.error(400, e.getMessage()); // the query builder's own messages: no paths or content
        } catch (RuntimeException e) {
            LOG.error("request {} {} failed", request.method(), request.rawPath(), e);
            return HttpResponse.error(500, "internal error; the server log has the details");
        }
    }

    private HttpResponse route(HttpRequest r) {
        String method = r.method();
        switch (r.rawPath()) {
            case "/", "/index.html" -> {
                requireGet(method);
                return new HttpResponse(200, "text/html; charset=utf-8", page, Map.of("Content-Security-Policy",
                        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; "
                                + "img-src 'self' data:; frame-ancestors 'none'"));
            }
            case "/api/search" -> {
                Query q = Query.parse(r.rawQuery());
                if (method.equals("GET")) {
                    return HttpResponse.json(200, search(q, null));
                } else if (method.equals("POST")) {
                    return HttpResponse.json(200, search(q, upload(r)));
                }
                throw new HttpError(405, "use GET or POST on /api/search");
            }
            case "/thumb" -> {
                requireGet(method);
                return images.thumbnail(Query.parse(r.rawQuery()));
            }
            case "/image" -> {
                requireGet(method);
                return images.original(Query.parse(r.rawQuery()));
            }
            default -> throw new HttpError(404, "no such page");
        }
    }

    private static void requireGet(String method) {
        if (!method.equals("GET")) {
            throw new HttpError(405, "use GET");
        }
    }

    private Map<String, Object> search(Query q, BufferedImage image) {
        List<String> texts = q.all("text");
        if (texts.isEmpty() && image == null) {
            throw new HttpError(400, "no query: give ?text=... or POST an image");
        }
        if (texts.size() > MAX_TERMS) {
            throw new HttpError(400, "at most " + MAX_TERMS + " text terms per query, got " + texts.size());
        }
        for (String t : texts) {
            if (t.length() > MAX_TERM_LENGTH) {
                throw new HttpError(400, "a text term is longer than " + MAX_TERM_LENGTH + " characters");
            }
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
            m.put("original", "/image?id=" + h.id());
            results.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("texts", texts);
        out.put("image", image != null);
        out.put("results", results);
        return out;
    }

    private BufferedImage upload(HttpRequest r) {
        String boundary = Multipart.boundary(r.header("Content-Type"));
        byte[] image = boundary == null ? r.body() : Multipart.firstFile(r.body(), boundary);
        if (image.length == 0) {
            throw new HttpError(400, "the upload is empty: POST an image file");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("autodistill4j-upload", ".img");
            Files.write(tmp, image);
            // reduced here, on the decoder thread, so the model lock is held for a small image, not 100 MP
            return ImageReduction.reduce(loader.load(tmp), KEEP_MIN_SIDE);
        } catch (Autodistill4jException | UncheckedIOException e) {
            throw new HttpError(400, "the upload is not an image we can read: send a JPEG, PNG, GIF, BMP, WebP "
                    + "or TIFF file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.warn("could not delete the upload's temporary file", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
