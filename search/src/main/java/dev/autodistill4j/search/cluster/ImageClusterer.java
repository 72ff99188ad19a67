package dev.autodistill4j.search.cluster;

import dev.autodistill4j.search.IndexedImage;
import dev.autodistill4j.search.SearchIndex;
import dev.autodistill4j.search.SearchIndexException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Clusters the embeddings of an index with {@link KMeans}, choosing k by {@link Silhouette} when asked, and
 * names every cluster with a {@link ClusterNamer}.
 */
public final class ImageClusterer {
    private static final Logger LOG = LoggerFactory.getLogger(ImageClusterer.class);
    private static final int SILHOUETTE_SAMPLE = 2000;

    private final int restarts;
    private final int maxIterations;
    private final long seed;

    public ImageClusterer(int restarts, int maxIterations, long seed) {
        this.restarts = restarts;
        this.maxIterations = maxIterations;
        this.seed = seed;
    }

    /** Clusters into exactly {@code k} groups. */
    public Clustering cluster(SearchIndex index, int k, ClusterNamer namer) {
        List<IndexedImage> images = requireImages(index);
        float[][] points = vectors(images);
        KMeans.Result r = new KMeans(restarts, maxIterations, seed).fit(points, k);
        double sil = k > 1 ? Silhouette.score(points, r.assignments(), k, SILHOUETTE_SAMPLE, seed) : Double.NaN;
        return build(images, points, r, sil, namer);
    }

    /** Picks k in [kMin, kMax] with the highest mean silhouette. */
    public Clustering clusterAuto(SearchIndex index, int kMin, int kMax, ClusterNamer namer) {
        List<IndexedImage> images = requireImages(index);
        int n = images.size();
        if (n < 3) {
            throw new SearchIndexException("`k` auto needs at least 3 images in the index, it has " + n
                    + ": give a number with `k`");
        }
        int lo = Math.max(2, kMin);
        int hi = Math.min(kMax, n - 1);
        if (lo > hi) {
            throw new SearchIndexException("`k` auto range " + kMin + ".." + kMax + " is empty for " + n
                    + " images: choose `k-min`/`k-max` between 2 and " + (n - 1));
        }
        float[][] points = vectors(images);
        KMeans.Result best = null;
        double bestSil = Double.NEGATIVE_INFINITY;
        for (int k = lo; k <= hi; k++) {
            KMeans.Result r = new KMeans(restarts, maxIterations, seed).fit(points, k);
            double sil = Silhouette.score(points, r.assignments(), k, SILHOUETTE_SAMPLE, seed);
            LOG.info("k={} silhouette={}", k, String.format("%.4f", sil));
            if (sil > bestSil) {
                bestSil = sil;
                best = r;
            }
        }
        return build(images, points, best, bestSil, namer);
    }

    private static List<IndexedImage> requireImages(SearchIndex index) {
        List<IndexedImage> images = index.images(true);
        if (images.isEmpty()) {
            throw new SearchIndexException("the index at " + index.directory() + " is empty: run 'autodistill4j "
                    + "index' on a folder of images first");
        }
        return images;
    }

    private static float[][] vectors(List<IndexedImage> images) {
        return images.stream().map(IndexedImage::vector).toArray(float[][]::new);
    }

    private Clustering build(List<IndexedImage> images, float[][] points, KMeans.Result r, double silhouette,
                             ClusterNamer namer) {
        int k = r.k();
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < images.size(); i++) {
            members.get(r.assignments()[i]).add(i);
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            order.add(c);
        }
        order.sort(Comparator.comparingInt((Integer c) -> -members.get(c).size()).thenComparingInt(c -> c));
        List<Cluster> clusters = new ArrayList<>();
        for (int c : order) {
            if (members.get(c).isEmpty()) {
                continue;
            }
            double[] centre = r.centroids()[c];
            List<Integer> m = new ArrayList<>(members.get(c));
            m.sort(Comparator.comparingDouble((Integer i) -> KMeans.squaredDistance(points[i], centre))
                    .thenComparing(i -> images.get(i).path()));
            clusters.add(new Cluster(clusters.size(), namer == null ? "cluster " + clusters.size()
                    : namer.name(centre), m.stream().map(i -> images.get(i).path()).toList()));
        }
        return new Clustering(clusters, k, r.inertia(), silhouette, seed);
    }
}
