package dev.autodistill4j.search.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.datasets.DatasetException;
import dev.autodistill4j.datasets.OutputLockedException;
import dev.autodistill4j.datasets.review.Correction;
import dev.autodistill4j.datasets.review.CorrectionResult;
import dev.autodistill4j.datasets.review.ReviewRecord;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.Thumbnails;
import dev.autodistill4j.search.review.ReviewItem;
import dev.autodistill4j.search.review.ReviewSession;
import dev.autodistill4j.search.review.ReviewSnapshot;
import dev.autodistill4j.search.review.ReviewViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code review} page of a labelled dataset: grids per class with thumbnails, the suspicious views, and
 * keyboard-first corrections ({@code POST /api/correct}, {@code POST /api/undo}) that are written as review
 * records before the answer goes out. Same front end and discipline as {@link SearchServer}: requests read with
 * deadlines and size limits, bounded workers (thumbnails on the decoders), {@code Host}/{@code Origin} checks,
 * JSON errors that name no server path. Images are served by id only, and only while their file lies in the dataset with the recorded bytes.
 */
public final class ReviewServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_ITEMS_PER_CORRECTION = 1000;
    static final int MAX_API_BODY = 1 << 20;
    private static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final ReviewSession session;
    private final ImageLoader loader;
    private final ReviewThumbnails thumbnails;
    private final HttpFrontEnd http;
    private final PageGuard guard;
    private final String host;
    private final Map<String, byte[]> assets = new LinkedHashMap<>();

    public ReviewServer(ReviewSession session, ImageLoader loader, String host, int port, Set<String> allowedHosts,
                        ServerLimits limits) {
        this.session = session;
        this.loader = loader;
        this.host = host;
        this.thumbnails = new ReviewThumbnails(session, loader);
        for (String asset : List.of("review.html", "review.js", "review.css")) {
            assets.put(asset, readAsset(asset));
        }
        this.http = PageGuard.listen(host, port, limits, this::handle,
                r -> r.rawPath().equals("/thumb")); // thumbnails decode images: they wait for a decoder
        this.guard = PageGuard.of(host, http, allowedHosts, "review");
    }

    private static byte[] readAsset(String name) {
        try (InputStream in = ReviewServer.class.getResourceAsStream("/dev/autodistill4j/search/review/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the search jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void start() {
        http.start();
        LOG.info("reviewing {} images of {} on http://{}:{}/", session.snapshot().items().size(), session.root(),
                host, port());
    }

    public int port() {
        return http.address().getPort();
    }

    HttpResponse handle(HttpRequest request) {
        try {
            guard.check(request);
            return route(request);
        } catch (HttpError e) {
            return HttpResponse.error(e.status, e.getMessage());
        } catch (OutputLockedException e) {
            return HttpResponse.error(409, withoutPaths(e.getMessage()));
        } catch (DatasetException e) {
            LOG.warn("request {} {} refused: {}", request.method(), request.rawPath(), e.getMessage());
            return HttpResponse.error(409, withoutPaths(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("request {} {} failed", request.method(), request.rawPath(), e);
            return HttpResponse.error(500, "internal error; the server log has the details");
        }
    }

    /** A dataset error for the page: the dataset's folder named by its name, never by its path. */
    private String withoutPaths(String message) {
        return message.replace(session.root().toString(), "dataset '" + session.name() + "'");
    }

    private HttpResponse route(HttpRequest r) {
        String path = r.rawPath();
        switch (path) {
            case "/", "/index.html" -> {
                return asset(r, "review.html", "text/html; charset=utf-8");
            }
            case "/review.js" -> {
                return asset(r, "review.js", "text/javascript; charset=utf-8");
            }
            case "/review.css" -> {
                return asset(r, "review.css", "text/css; charset=utf-8");
            }
            case "/api/summary" -> {
                requireGet(r);
                return HttpResponse.json(200, summary(Query.parse(r.rawQuery())));
            }
            case "/api/view" -> {
                requireGet(r);
                return HttpResponse.json(200, view(Query.parse(r.rawQuery())));
            }
            case "/api/correct" -> {
                return HttpResponse.json(200, correct(jsonBody(r)));
            }
            case "/api/undo" -> {
                return HttpResponse.json(200, undo(jsonBody(r)));
            }
            case "/thumb" -> {
                requireGet(r);
                return thumbnails.thumbnail(item(Query.parse(r.rawQuery())));
            }
            case "/image" -> {
                requireGet(r);
                return thumbnails.original(item(Query.parse(r.rawQuery())));
            }
            default -> throw new HttpError(404, "no such page");
        }
    }

    private HttpResponse asset(HttpRequest r, String name, String type) {
        requireGet(r);
        return new HttpResponse(200, type, assets.get(name), Map.of("Content-Security-Policy", PAGE_CSP,
                "Cache-Control", "no-cache"));
    }

    private static void requireGet(HttpRequest r) {
        if (!r.method().equals("GET")) {
            throw new HttpError(405, "use GET");
        }
    }

    private static double margin(Query q) {
        String m = q.first("margin");
        if (m == null || m.isBlank()) {
            return ReviewViews.DEFAULT_MARGIN;
        }
        try {
            double v = Double.parseDouble(m);
            if (!(v > 0 && v <= 1)) {
                throw new HttpError(400, "margin must be between 0 and 1");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new HttpError(400, "margin must be a number");
        }
    }

    private Map<String, Object> summary(Query q) {
        ReviewSnapshot s = session.snapshot();
        Map<String, Object> m = s.summary(session.name(), session.neighbours());
        m.put("views", ReviewViews.list(s, session.neighbours(), margin(q)));
        return m;
    }

    private Map<String, Object> view(Query q) {
        String name = q.first("name");
        if (name == null || name.isBlank()) {
            throw new HttpError(400, "give ?name= of a view (class:NAME, unlabeled, unreadable, low-margin, "
                    + "duplicates, disagree)");
        }
        ReviewSnapshot s = session.snapshot();
        List<ReviewViews.Entry> entries = ReviewViews.view(s, session.neighbours(), name, margin(q));
        if (entries == null) {
            throw new HttpError(404, "no such view");
        }
        String filter = q.first("q") == null ? "" : q.first("q").strip().toLowerCase(Locale.ROOT);
        if (filter.length() > 200) {
            throw new HttpError(400, "the filter is longer than 200 characters");
        }
        List<ReviewViews.Entry> shown = filter.isEmpty() ? entries : entries.stream()
                .filter(e -> e.item().name().toLowerCase(Locale.ROOT).contains(filter)).toList();
        int offset = q.intValue("offset", 0, 0, Integer.MAX_VALUE);
        int limit = q.intValue("limit", 120, 1, 500);
        List<Map<String, Object>> items = new ArrayList<>();
        for (ReviewViews.Entry e : shown.subList(Math.min(offset, shown.size()),
                Math.min(shown.size(), offset + limit))) {
            items.add(e.item().toJson(e.note()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("title", ReviewViews.title(name, margin(q)));
        m.put("total", shown.size());
        m.put("offset", offset);
        m.put("histogram", ReviewViews.histogram(shown));
        m.put("needsIndex", (name.equals("duplicates") || name.equals("disagree"))
                && !session.neighbours().available());
        m.put("items", items);
        return m;
    }

    private static JsonNode jsonBody(HttpRequest r) {
        if (!r.method().equals("POST")) {
            throw new HttpError(405, "use POST");
        }
        String type = r.header("content-type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(400, "send the request as JSON (Content-Type: application/json)");
        }
        if (r.body().length > MAX_API_BODY) {
            throw new HttpError(413, "the request is larger than " + (MAX_API_BODY >> 10) + " KiB");
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n == null || !n.isObject()) {
                throw new HttpError(400, "the request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new HttpError(400, "the request body is not valid JSON");
        }
    }

    private Map<String, Object> correct(JsonNode body) {
        String action = body.path("action").asText("");
        JsonNode items = body.path("items");
        if (!List.of("accept", "move", "unlabel").contains(action)) {
            throw new HttpError(400, "action must be accept, move or unlabel");
        }
        if (!items.isArray() || items.isEmpty() || items.size() > MAX_ITEMS_PER_CORRECTION) {
            throw new HttpError(400, "items must list 1 to " + MAX_ITEMS_PER_CORRECTION + " images");
        }
        String to = action.equals("move") ? body.path("to").asText(null) : null;
        if (action.equals("move") && (to == null || to.isEmpty())) {
            throw new HttpError(400, "a move needs \"to\": the class to move the images to");
        }
        ReviewSnapshot s = session.snapshot();
        List<Correction> requested = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode it : items) {
            ReviewItem item = s.byId(it.path("id").asText("")).orElseThrow(() ->
                    new HttpError(404, "no such image in this dataset (reload the page)"));
            String sha = it.path("sha256").asText(null);
            String expected = it.path("class").isNull() ? null : it.path("class").asText(null);
            ids.add(item.id());
            requested.add(action.equals("accept") ? Correction.accept(item.record().source(), sha, expected)
                    : Correction.move(item.record().source(), sha, expected, to));
        }
        List<CorrectionResult> results = session.correct(requested);
        ReviewSnapshot after = session.snapshot();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            out.add(result(ids.get(i), results.get(i), after.byId(ids.get(i)).orElse(null)));
        }
        return Map.of("results", out);
    }

    private static Map<String, Object> result(String id, CorrectionResult r, ReviewItem now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", r.status().name().toLowerCase(Locale.ROOT));
        m.put("class", r.currentClass());
        m.put("message", r.message());
        m.put("item", now == null ? null : now.toJson(null));
        return m;
    }

    private Map<String, Object> undo(JsonNode body) {
        int n = body.path("n").asInt(1);
        if (n < 1 || n > MAX_ITEMS_PER_CORRECTION) {
            throw new HttpError(400, "n must be between 1 and " + MAX_ITEMS_PER_CORRECTION);
        }
        List<ReviewRecord> undone = session.undo(n);
        return Map.of("undone", undone.size());
    }

    private ReviewItem item(Query q) {
        String id = q.first("id");
        if (id == null || !id.matches("[0-9a-f]{16}")) {
            throw new HttpError(400, "give ?id= of an image of this dataset");
        }
        return session.snapshot().byId(id).orElseThrow(() -> new HttpError(404, "not an image of this dataset"));
    }

    @Override
    public void close() {
        http.close();
    }

}
