package dev.autodistill4j.search.server;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.Thumbnails;
import dev.autodistill4j.search.review.ReviewItem;
import dev.autodistill4j.search.review.ReviewSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Previews and originals of a reviewed dataset's images, by item id only; the file must lie inside the dataset
 * with the bytes its manifest recorded ({@link ReviewSession#file}). Previews are cached by sha256 (a moved
 * image keeps its bytes, so its preview), at most {@value #CACHED} of them.
 */
final class ReviewThumbnails {
    static final int CACHED = 2048;
    static final int SIZE = 192;
    private static final String GONE = "this image's file is no longer what was labelled (moved, changed or "
            + "deleted by hand); reload the page";

    private final ReviewSession session;
    private final ImageLoader loader;
    private final Map<String, byte[]> cache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED;
        }
    };

    ReviewThumbnails(ReviewSession session, ImageLoader loader) {
        this.session = session;
        this.loader = loader;
    }

    HttpResponse thumbnail(ReviewItem item) {
        String sha = item.record().sha256();
        byte[] jpeg;
        synchronized (cache) {
            jpeg = cache.get(sha);
        }
        if (jpeg == null) {
            Path file = session.file(item).orElseThrow(() -> new HttpError(410, GONE));
            try {
                jpeg = Thumbnails.jpeg(loader.load(file), SIZE);
            } catch (Autodistill4jException | UncheckedIOException e) {
                throw new HttpError(410, "this image cannot be decoded any more");
            }
            synchronized (cache) {
                cache.put(sha, jpeg);
            }
        }
        return new HttpResponse(200, "image/jpeg", jpeg, Map.of("Cache-Control", "max-age=300"));
    }

    HttpResponse original(ReviewItem item) {
        Path file = session.file(item).orElseThrow(() -> new HttpError(410, GONE));
        byte[] bytes;
        try {
            if (Files.size(file) > ImageRoutes.MAX_ORIGINAL) {
                throw new HttpError(413, "this image is larger than " + (ImageRoutes.MAX_ORIGINAL >> 20) + " MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new HttpError(410, GONE);
        }
        String type = ImageRoutes.imageType(bytes);
        return new HttpResponse(200, type, bytes, Map.of(
                "Content-Disposition", (type.startsWith("image/") ? "inline" : "attachment") + "; filename=\"image\"",
                "Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
                "Cache-Control", "no-cache"));
    }
}
