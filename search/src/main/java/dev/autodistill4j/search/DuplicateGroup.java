package dev.autodistill4j.search;

import java.util.List;

/**
 * Images that are all near-identical to each other: every pair in the group passed the threshold (and the pixel
 * check when one was made), not merely a chain of pairs.
 *
 * @param paths         members, sorted
 * @param minSimilarity the least similar pair of the group (≥ the threshold)
 * @param maxSimilarity the most similar pair (among the first 64 members' pairs in a very large group)
 */
public record DuplicateGroup(List<String> paths, double minSimilarity, double maxSimilarity) {
    public DuplicateGroup {
        paths = List.copyOf(paths);
    }
}
