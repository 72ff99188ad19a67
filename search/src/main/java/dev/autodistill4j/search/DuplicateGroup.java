package dev.autodistill4j.search;

import java.util.List;

/**
 * Images that are near-identical to each other (directly or through a chain of near-identical pairs).
 *
 * @param paths         members, sorted
 * @param minSimilarity the weakest link that joined the group (≥ the threshold)
 * @param maxSimilarity the closest pair in the group
 */
public record DuplicateGroup(List<String> paths, double minSimilarity, double maxSimilarity) {
    public DuplicateGroup {
        paths = List.copyOf(paths);
    }
}
