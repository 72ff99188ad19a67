package dev.autodistill4j.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Agglomerative clustering with complete linkage, cut at a threshold: the two groups whose <em>least</em>
 * similar pair is the most similar are merged first, and only while that least similar pair is at or above the
 * threshold. So every pair inside a group is above the threshold — unlike single linkage (union-find), where
 * a≈b and b≈c put a and c together however different they are, and a chain can swallow a whole collection.
 *
 * <p>Only candidate pairs seed the merges (each image's nearest neighbours), so the cost stays near
 * O(candidates) instead of O(n²); the linkage of two groups is always computed over all their member pairs
 * (Lance–Williams for known links, an exact scan otherwise). Ties are broken by group id, and ids follow the
 * input order, so the same input gives the same groups.
 */
final class CompleteLinkage {
    /** Similarity of two items; anything below the threshold (e.g. -∞ for "must never group") keeps them apart. */
    @FunctionalInterface
    interface PairSimilarity {
        double of(int a, int b);
    }

    /** Members (ascending item indexes) and the least similar pair's similarity. */
    record Group(int[] members, double minSimilarity) {
    }

    private record Link(double similarity, int a, int b) {
    }

    private final PairSimilarity similarity;
    private final double threshold;
    private final List<int[]> members = new ArrayList<>();
    private final List<Map<Integer, Double>> links = new ArrayList<>();
    private final List<Double> linkage = new ArrayList<>();
    private final PriorityQueue<Link> queue = new PriorityQueue<>((x, y) -> x.similarity != y.similarity
            ? Double.compare(y.similarity, x.similarity) : x.a != y.a ? Integer.compare(x.a, y.a)
            : Integer.compare(x.b, y.b));

    private CompleteLinkage(int n, PairSimilarity similarity, double threshold) {
        this.similarity = similarity;
        this.threshold = threshold;
        for (int i = 0; i < n; i++) {
            members.add(new int[] {i});
            links.add(new HashMap<>());
            linkage.add(Double.NaN);
        }
    }

    /**
     * Groups of two or more of the items 0..n-1.
     *
     * @param candidates pairs {a, b} worth considering; others join a group only when all their pairs qualify
     */
    static List<Group> groups(int n, List<int[]> candidates, PairSimilarity similarity, double threshold) {
        CompleteLinkage c = new CompleteLinkage(n, similarity, threshold);
        for (int[] pair : candidates) {
            if (pair[0] != pair[1] && !c.links.get(pair[0]).containsKey(pair[1])) {
                c.link(pair[0], pair[1], similarity.of(pair[0], pair[1]));
            }
        }
        c.mergeAll();
        List<Group> out = new ArrayList<>();
        for (int id = 0; id < c.members.size(); id++) {
            int[] m = c.members.get(id);
            if (m != null && m.length > 1) {
                out.add(new Group(m, c.linkage.get(id)));
            }
        }
        return out;
    }

    private void link(int a, int b, double s) {
        if (s >= threshold) {
            links.get(a).put(b, s);
            links.get(b).put(a, s);
            queue.add(new Link(s, Math.min(a, b), Math.max(a, b)));
        }
    }

    private void mergeAll() {
        while (!queue.isEmpty()) {
            Link best = queue.poll();
            if (members.get(best.a) == null || members.get(best.b) == null) {
                continue; // one side was merged into another group since this link was queued
            }
            merge(best);
        }
    }

    private void merge(Link best) {
        int[] a = members.get(best.a);
        int[] b = members.get(best.b);
        int[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        Arrays.sort(joined);
        int id = members.size();
        members.add(joined);
        links.add(new HashMap<>());
        linkage.add(best.similarity);
        Map<Integer, Double> linksA = links.get(best.a);
        Map<Integer, Double> linksB = links.get(best.b);
        TreeSet<Integer> neighbours = new TreeSet<>(linksA.keySet());
        neighbours.addAll(linksB.keySet());
        members.set(best.a, null);
        members.set(best.b, null);
        links.set(best.a, null);
        links.set(best.b, null);
        for (int x : neighbours) {
            if (members.get(x) == null) {
                continue;
            }
            links.get(x).remove(best.a);
            links.get(x).remove(best.b);
            double toA = linksA.containsKey(x) ? linksA.get(x) : weakestPair(a, members.get(x));
            double toB = toA < threshold ? toA : linksB.containsKey(x) ? linksB.get(x) : weakestPair(b, members.get(x));
            link(id, x, Math.min(toA, toB));
        }
    }

    /** The least similar pair across two groups, or the first one found below the threshold. */
    private double weakestPair(int[] a, int[] b) {
        double min = Double.POSITIVE_INFINITY;
        for (int i : a) {
            for (int j : b) {
                min = Math.min(min, similarity.of(i, j));
                if (min < threshold) {
                    return min;
                }
            }
        }
        return min;
    }
}
