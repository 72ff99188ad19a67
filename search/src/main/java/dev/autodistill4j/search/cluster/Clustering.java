package dev.autodistill4j.search.cluster;

import java.util.List;

/**
 * The result of clustering an index.
 *
 * @param clusters   largest first
 * @param k          number of clusters
 * @param inertia    k-means objective of the kept run
 * @param silhouette mean silhouette of the kept clustering (NaN when not computed)
 * @param seed       the seed that reproduces it
 */
public record Clustering(List<Cluster> clusters, int k, double inertia, double silhouette, long seed) {
    public Clustering {
        clusters = List.copyOf(clusters);
    }
}
