package dev.autodistill4j.search.cluster;

import java.util.List;

/**
 * One cluster of images.
 *
 * @param id      0-based, largest cluster first
 * @param name    best-matching text for the centroid
 * @param members image paths, most typical (closest to the centroid) first
 */
public record Cluster(int id, String name, List<String> members) {
    public Cluster {
        members = List.copyOf(members);
    }

    public int size() {
        return members.size();
    }
}
