package dev.autodistill4j.search;

/**
 * One search result.
 *
 * @param id    the image's stable document key
 * @param path  the image's absolute path
 * @param score cosine similarity between the query and the image, in [-1, 1]
 */
public record SearchHit(String id, String path, double score) {
}
