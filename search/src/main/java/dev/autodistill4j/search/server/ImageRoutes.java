package dev.autodistill4j.search.server;

import dev.autodistill4j.datasets.SourceKey;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.search.ImageLoader;
import dev.autodistill4j.search.IndexedImage;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.Thumbnails;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /thumb} previews and {@code /image} originals, for images that are in the index only: looked up by
 * stable id, or by exactly the stored path string, never by mapping a request onto the file system. An original
 * is served only while its bytes still hash to the sha256 recorded at indexing, so a file swapped since (for a
 * symlink to a secret, say) is refused, and so is its thumbnail; an original goes out with its sniffed image type
 * and a sandboxing CSP.
 */
final class ImageRoutes {
    static final long MAX_ORIGINAL = 64L * 1024 * 1024;
    private static final String GONE = "this image can no longer be read; run 'autodistill4j index' again";

    private final SearchIndex index;
    private final ImageLoader loader;

    ImageRoutes(SearchIndex index, ImageLoader loader) {
        this.index = index;
        this.loader = loader;
    }

    HttpResponse thumbnail(Query q) {
        IndexedImage img = lookup(q);
        int size = q.intValue("size", 256, 16, 1024);
        unchangedBytes(img);
        byte[] jpeg;
        try {
            jpeg = Thumbnails.jpeg(loader.load(SourceKey.toPath(img.path())), size);
        } catch (Autodistill4jException | UncheckedIOException e) {
            throw new HttpError(410, GONE);
        }
        return new HttpResponse(200, "image/jpeg", jpeg, Map.of("Cache-Control", "max-age=300"));
    }

    HttpResponse original(Query q) {
        IndexedImage img = lookup(q);
        byte[] bytes = unchangedBytes(img);
        String type = imageType(bytes);
        String name = SourceKey.toPath(img.path()).getFileName().toString().replaceAll("[^A-Za-z0-9._ -]", "_");
        return new HttpResponse(200, type, bytes, Map.of(
                "Content-Disposition", (type.startsWith("image/") ? "inline" : "attachment") + "; filename=\"" + name
                        + "\"",
                "Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
                "Cache-Control", "max-age=300"));
    }

    /** The file's bytes, only while they are still the ones indexed (size and sha256); else 410 or 413. */
    private static byte[] unchangedBytes(IndexedImage img) {
        Path file = SourceKey.toPath(img.path());
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != img.size()) {
                throw new HttpError(410, GONE);
            }
            if (img.size() > MAX_ORIGINAL) {
                throw new HttpError(413, "this image is larger than " + (MAX_ORIGINAL >> 20) + " MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new HttpError(410, GONE);
        }
        if (!sha256(bytes).equals(img.sha256())) {
            throw new HttpError(410, GONE);
        }
        return bytes;
    }

    private IndexedImage lookup(Query q) {
        Optional<IndexedImage> image;
        String id = q.first("id");
        String path = q.first("path");
        if (id != null) {
            if (!id.matches("[0-9a-f]{16}")) {
                throw new HttpError(400, "bad image id");
            }
            image = index.byId(id);
        } else if (path != null) {
            if (path.contains("..") || path.contains("\0") || path.contains("%")) {
                throw new HttpError(400, "refused: image paths may not contain '..', '%' or NUL");
            }
            image = index.byPath(path);
        } else {
            throw new HttpError(400, "give ?id= or ?path= of an indexed image");
        }
        return image.orElseThrow(() -> new HttpError(404, "not an image of this index"));
    }

    /** The image type from the file's first bytes (never from its name); other content downloads. */
    static String imageType(byte[] b) {
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        } else if (starts(b, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        } else if (starts(b, 'G', 'I', 'F', '8')) {
            return "image/gif";
        } else if (starts(b, 'B', 'M')) {
            return "image/bmp";
        } else if (b.length > 12 && starts(b, 'R', 'I', 'F', 'F') && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
                && b[11] == 'P') {
            return "image/webp";
        } else if (starts(b, 'I', 'I', 42, 0) || starts(b, 'M', 'M', 0, 42)) {
            return "image/tiff";
        }
        return "application/octet-stream";
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
