package dev.autodistill4j.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds groups of near-identical images: every image's nearest neighbours (HNSW, or exact scan) with cosine
 * similarity at or above a threshold are joined with union-find, so a chain a≈b≈c becomes one group even when
 * a and c are slightly further apart. Neighbours per image are capped, which bounds the cost to
 * O(n · neighbours) searches instead of n² comparisons.
 */
public final class DuplicateFinder {
    private final double threshold;
    private final int neighbours;
    private final boolean exact;

    /**
     * @param threshold  minimum cosine similarity for two images to count as duplicates (e.g. 0.95)
     * @param neighbours how many nearest neighbours of each image are examined
     * @param exact      brute-force scans instead of HNSW (slow on large indexes, exact)
     */
    public DuplicateFinder(double threshold, int neighbours, boolean exact) {
        if (threshold < -1 || threshold > 1) {
            throw new SearchIndexException("--threshold must be a cosine similarity between -1 and 1, got "
                    + threshold);
        }
        if (neighbours < 1) {
            throw new SearchIndexException("--neighbours must be at least 1, got " + neighbours);
        }
        this.threshold = threshold;
        this.neighbours = neighbours;
        this.exact = exact;
    }

    /** Groups of two or more images, largest first (ties by first path). */
    public List<DuplicateGroup> find(SearchIndex index) {
        List<IndexedImage> images = index.images(true);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            position.put(images.get(i).path(), i);
        }
        UnionFind sets = new UnionFind(images.size());
        double[] minLink = new double[images.size()];
        double[] maxLink = new double[images.size()];
        java.util.Arrays.fill(minLink, Double.NaN);
        java.util.Arrays.fill(maxLink, Double.NaN);
        List<double[]> links = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            float[] v = images.get(i).vector();
            List<SearchHit> hits = exact ? index.searchExact(v, neighbours + 1) : index.search(v, neighbours + 1);
            for (SearchHit h : hits) {
                Integer j = position.get(h.path());
                if (j == null || j == i || h.score() < threshold) {
                    continue;
                }
                sets.union(i, j);
                links.add(new double[] {i, h.score()});
            }
        }
        Map<Integer, List<String>> groups = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            groups.computeIfAbsent(sets.find(i), r -> new ArrayList<>()).add(images.get(i).path());
        }
        for (double[] link : links) {
            int root = sets.find((int) link[0]);
            minLink[root] = Double.isNaN(minLink[root]) ? link[1] : Math.min(minLink[root], link[1]);
            maxLink[root] = Double.isNaN(maxLink[root]) ? link[1] : Math.max(maxLink[root], link[1]);
        }
        List<DuplicateGroup> out = new ArrayList<>();
        groups.forEach((root, paths) -> {
            if (paths.size() > 1) {
                paths.sort(null);
                out.add(new DuplicateGroup(paths, Math.min(1.0, minLink[root]), Math.min(1.0, maxLink[root])));
            }
        });
        out.sort((a, b) -> a.paths().size() != b.paths().size() ? b.paths().size() - a.paths().size()
                : a.paths().get(0).compareTo(b.paths().get(0)));
        return out;
    }
}
