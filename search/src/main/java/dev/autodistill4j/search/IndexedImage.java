package dev.autodistill4j.search;

/**
 * One image as recorded in the index.
 *
 * @param id     stable document key (hex of the path's sha256 prefix): survives re-indexing and merges, so
 *               URLs such as {@code /thumb?id=} stay valid
 * @param path   absolute, normalised path of the image
 * @param size   file size in bytes when it was embedded
 * @param mtime  last-modified time in milliseconds when it was embedded
 * @param sha256 hex sha256 of the file's bytes
 * @param vector the unit-length embedding (null when not loaded)
 */
public record IndexedImage(String id, String path, long size, long mtime, String sha256, float[] vector) {
}
