package dev.autodistill4j.search;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one place that knows how an {@link IndexedImage} is laid out as a Lucene document (field names and types),
 * shared by {@link SearchIndexWriter}, which writes documents, and {@link SearchIndex}, which reads them back.
 * Changing anything here changes the on-disk format.
 */
final class IndexDocuments {
    static final String F_ID = "id";
    static final String F_PATH = "path";
    static final String F_SIZE = "size";
    static final String F_MTIME = "mtime";
    static final String F_SHA = "sha256";
    static final String F_VECTOR = "vector";

    private IndexDocuments() {
    }

    /** Stable document key of a path: the first 16 hex digits of its sha256. */
    static String idOf(String path) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document of {@code image}; its id is derived from the path, whatever {@code image.id()} says. */
    static Document toDocument(IndexedImage image, IndexSettings settings) {
        Document d = new Document();
        d.add(new StringField(F_ID, idOf(image.path()), Field.Store.YES));
        d.add(new StringField(F_PATH, image.path(), Field.Store.YES));
        d.add(new StoredField(F_SIZE, image.size()));
        d.add(new StoredField(F_MTIME, image.mtime()));
        d.add(new StoredField(F_SHA, image.sha256()));
        d.add(new KnnFloatVectorField(F_VECTOR, image.vector(), settings.function()));
        return d;
    }

    /** The image a stored document describes, with {@code vector} (null when not loaded). */
    static IndexedImage toImage(Document d, float[] vector) {
        return new IndexedImage(d.get(F_ID), d.get(F_PATH), d.getField(F_SIZE).numericValue().longValue(),
                d.getField(F_MTIME).numericValue().longValue(), d.get(F_SHA), vector);
    }
}
