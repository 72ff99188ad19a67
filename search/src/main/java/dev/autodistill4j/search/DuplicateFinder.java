package dev.autodistill4j.search;

import dev.autodistill4j.datasets.SourceKey;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds groups of near-identical images, safe to hand to a script that deletes all but one of each group.
 *
 * <ol>
 *   <li>Candidates: every image's {@code neighbours} nearest neighbours (HNSW, or exact scan) with cosine
 *   similarity ≥ the threshold. This bounds the cost to n k-NN searches instead of n² comparisons.</li>
 *   <li>Pixel check (unless built without an {@link ImageLoader}): both images are read again and their
 *   {@link PixelSignature}s must agree. An embedding only says what an image shows; two different pictures of
 *   the same thing can score a cosine above 0.999, so it cannot decide alone.</li>
 *   <li>Grouping by {@link CompleteLinkage}: every pair inside a group passes both tests, so a chain
 *   a≈b≈c never joins a and c when they differ (single linkage chained the 256 shapes into a few groups of
 *   visibly different images).</li>
 * </ol>
 * Images are ordered by path before grouping, so the result does not depend on the index's internal order.
 */
public final class DuplicateFinder {
    /** Default cosine threshold for candidates; see docs/search.md for the measurements behind it. */
    public static final double DEFAULT_THRESHOLD = 0.95;
    private static final Logger LOG = LoggerFactory.getLogger(DuplicateFinder.class);

    private final double threshold;
    private final int neighbours;
    private final boolean exact;
    private final ImageLoader pixels;

    /** A finder that checks pixels with the project's standard decoder. */
    public DuplicateFinder(double threshold, int neighbours, boolean exact) {
        this(threshold, neighbours, exact, ImageLoader.standard());
    }

    /**
     * @param threshold  minimum cosine similarity for two images to count as duplicates (e.g. 0.95)
     * @param neighbours how many nearest neighbours of each image are examined
     * @param exact      brute-force scans instead of HNSW (slow on large indexes, exact)
     * @param pixels     reads images for the pixel check; null trusts the embeddings alone
     */
    public DuplicateFinder(double threshold, int neighbours, boolean exact, ImageLoader pixels) {
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new SearchIndexException("`threshold` must be a cosine similarity between -1 and 1, got "
                    + threshold);
        }
        if (neighbours < 1) {
            throw new SearchIndexException("`neighbours` must be at least 1, got " + neighbours);
        }
        this.threshold = threshold;
        this.neighbours = neighbours;
        this.exact = exact;
        this.pixels = pixels;
    }

    /** Groups of two or more images, largest first (ties by first path). */
    public List<DuplicateGroup> find(SearchIndex index) {
        return find(index, ProgressListener.NONE);
    }

    /** As {@link #find(SearchIndex)}, reporting the neighbour searches and the pixel checks to {@code progress}. */
    public List<DuplicateGroup> find(SearchIndex index, ProgressListener progress) {
        progress = ProgressListener.orNone(progress);
        List<IndexedImage> images = new ArrayList<>(index.images(true));
        images.removeIf(img -> img.vector() == null);
        images.sort(Comparator.comparing(IndexedImage::path));
        List<int[]> candidates = candidates(index, images, progress);
        Map<Integer, PixelSignature> signatures = pixels == null ? Map.of()
                : signatures(images, candidates, progress);
        CompleteLinkage.PairSimilarity similarity = (a, b) -> {
            if (pixels != null) {
                PixelSignature sa = signatures.get(a);
                PixelSignature sb = signatures.get(b);
                if (sa == null || sb == null || !sa.nearIdenticalTo(sb)) {
                    return Double.NEGATIVE_INFINITY;
                }
            }
            return cosine(images.get(a).vector(), images.get(b).vector());
        };
        List<DuplicateGroup> out = new ArrayList<>();
        for (CompleteLinkage.Group g : CompleteLinkage.groups(images.size(), candidates, similarity, threshold)) {
            List<String> paths = new ArrayList<>();
            for (int m : g.members()) {
                paths.add(images.get(m).path());
            }
            out.add(new DuplicateGroup(paths, clamp(g.minSimilarity()), clamp(closestPair(g.members(), images))));
        }
        out.sort((a, b) -> a.paths().size() != b.paths().size() ? b.paths().size() - a.paths().size()
                : a.paths().get(0).compareTo(b.paths().get(0)));
        return out;
    }

    private List<int[]> candidates(SearchIndex index, List<IndexedImage> images, ProgressListener progress) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            position.put(images.get(i).path(), i);
        }
        TreeSet<Long> seen = new TreeSet<>();
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            float[] v = images.get(i).vector();
            List<SearchHit> hits = exact ? index.searchExact(v, neighbours + 1) : index.search(v, neighbours + 1);
            for (SearchHit h : hits) {
                Integer j = position.get(h.path());
                if (j == null || j == i || !(cosine(v, images.get(j).vector()) >= threshold)) {
                    continue;
                }
                int a = Math.min(i, j);
                int b = Math.max(i, j);
                if (seen.add((long) a * images.size() + b)) {
                    pairs.add(new int[] {a, b});
                }
            }
            progress.update("duplicates: neighbours", i + 1, images.size());
        }
        progress.finished("duplicates: neighbours");
        return pairs;
    }

    /** Signatures of every candidate; an image that cannot be read any more never counts as a duplicate. */
    private Map<Integer, PixelSignature> signatures(List<IndexedImage> images, List<int[]> candidates,
                                                    ProgressListener progress) {
        TreeSet<Integer> needed = new TreeSet<>();
        candidates.forEach(p -> {
            needed.add(p[0]);
            needed.add(p[1]);
        });
        Map<Integer, PixelSignature> out = new ConcurrentHashMap<>();
        AtomicInteger unreadable = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        needed.parallelStream().forEach(i -> {
            try {
                out.put(i, PixelSignature.of(pixels.load(SourceKey.toPath(images.get(i).path()))));
            } catch (Autodistill4jException | java.io.UncheckedIOException e) {
                unreadable.incrementAndGet();
                LOG.warn("not checked for duplicates, cannot read it any more: {}", e.getMessage());
            }
            synchronized (progress) {
                progress.update("duplicates: pixel check", done.incrementAndGet(), needed.size());
            }
        });
        progress.finished("duplicates: pixel check");
        if (unreadable.get() > 0) {
            LOG.warn("{} indexed images could not be read and are in no group; re-index to update the index",
                    unreadable.get());
        }
        return out;
    }

    private static double closestPair(int[] members, List<IndexedImage> images) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < members.length && i < 64; i++) {
            for (int j = i + 1; j < members.length; j++) {
                max = Math.max(max, cosine(images.get(members[i]).vector(), images.get(members[j]).vector()));
            }
        }
        return max;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : Double.NaN;
    }

    private static double clamp(double s) {
        return Math.min(1.0, s);
    }
}
