package dev.autodistill4j.search.review;

import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.search.IndexedImage;
import dev.autodistill4j.search.SearchHit;
import dev.autodistill4j.search.SearchIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nearest neighbours of a dataset's images in embedding space, from a search index built over the dataset
 * ({@code autodistill4j index --images DATASET}). Images are matched by the sha256 of their bytes, which the
 * index records: a corrected image has moved to another folder, but its bytes and so its neighbours are the
 * same. Computed once when the review starts; which class each neighbour is in is looked up at every request.
 */
public final class Neighbours {
    /** One neighbour: the sha256 of its bytes and its cosine similarity. */
    public record Neighbour(String sha256, double score) {
    }

    public static final int K = 10;
    private static final Neighbours NONE = new Neighbours(Map.of(), false);

    private final Map<String, List<Neighbour>> bySha;
    private final boolean available;

    private Neighbours(Map<String, List<Neighbour>> bySha, boolean available) {
        this.bySha = bySha;
        this.available = available;
    }

    /** No index: the embedding views say how to build one. */
    public static Neighbours none() {
        return NONE;
    }

    /** The {@link #K} nearest indexed neighbours of every indexed image whose sha256 is in {@code wanted}. */
    public static Neighbours of(SearchIndex index, Set<String> wanted, ProgressListener progress) {
        progress = ProgressListener.orNone(progress);
        List<IndexedImage> images = index.images(true);
        Map<String, String> shaByPath = new HashMap<>();
        images.forEach(i -> shaByPath.put(i.path(), i.sha256()));
        Map<String, List<Neighbour>> out = new HashMap<>();
        long done = 0;
        for (IndexedImage img : images) {
            progress.update("neighbours", ++done, images.size());
            if (img.vector() == null || !wanted.contains(img.sha256()) || out.containsKey(img.sha256())) {
                continue;
            }
            List<Neighbour> ns = new ArrayList<>();
            for (SearchHit h : index.search(img.vector(), K + 1)) {
                String sha = shaByPath.get(h.path());
                if (sha != null && !sha.equals(img.sha256())) {
                    ns.add(new Neighbour(sha, h.score()));
                }
            }
            out.put(img.sha256(), List.copyOf(ns));
        }
        progress.finished("neighbours");
        return new Neighbours(out, true);
    }

    /** Whether an index was given. */
    public boolean available() {
        return available;
    }

    /** How many of the wanted images the index holds. */
    public int covered() {
        return bySha.size();
    }

    public List<Neighbour> of(String sha256) {
        return bySha.getOrDefault(sha256, List.of());
    }
}
