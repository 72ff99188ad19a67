package dev.autodistill4j.search.review;

import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.review.ReviewRecord;
import dev.autodistill4j.datasets.review.ReviewedManifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A labelled dataset as the review page shows it at one moment: every image as a {@link ReviewItem}, the counts
 * per class and split, and the views ({@link ReviewViews}). Immutable: a correction makes a new snapshot.
 */
public final class ReviewSnapshot {
    public static final List<String> SPLITS = List.of("train", "valid", "test");
    static final int BINS = 10;

    private final List<String> classes;
    private final List<ReviewItem> items = new ArrayList<>();
    private final Map<String, ReviewItem> byId = new HashMap<>();
    private final Map<String, List<ReviewItem>> bySha = new HashMap<>();
    private final int reviewRecords;
    private final int corrected;

    private ReviewSnapshot(List<String> classes, int reviewRecords, int corrected) {
        this.classes = List.copyOf(classes);
        this.reviewRecords = reviewRecords;
        this.corrected = corrected;
    }

    /** @param classes the ontology's classes in order (run.json's classFolders) */
    public static ReviewSnapshot of(ReviewedManifest manifest, List<String> classes) {
        ReviewSnapshot s = new ReviewSnapshot(classes, manifest.log().size(), manifest.corrected());
        for (ManifestRecord r : manifest.records()) {
            ReviewRecord last = manifest.lastReview(r.source()).orElse(null);
            ReviewItem item = ReviewItem.of(r, last);
            s.items.add(item);
            s.byId.put(item.id(), item);
            if (!r.isError()) {
                s.bySha.computeIfAbsent(r.sha256(), k -> new ArrayList<>()).add(item);
            }
        }
        return s;
    }

    public List<String> classes() {
        return classes;
    }

    /** Every image, in manifest order (unmodifiable; a snapshot never changes). */
    public List<ReviewItem> items() {
        return java.util.Collections.unmodifiableList(items);
    }

    public Optional<ReviewItem> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The images with these bytes (usually one). */
    List<ReviewItem> bySha(String sha256) {
        return bySha.getOrDefault(sha256, List.of());
    }

    /** Counts per class and split, unlabeled, unreadable, the reviews so far and the confidence histogram. */
    public Map<String, Object> summary(String datasetName, Neighbours neighbours) {
        Map<String, Map<String, Integer>> perClass = new LinkedHashMap<>();
        classes.forEach(c -> perClass.put(c, zeroSplits()));
        int unlabeled = 0;
        int unreadable = 0;
        List<Double> confidences = new ArrayList<>();
        for (ReviewItem i : items) {
            ManifestRecord r = i.record();
            if (r.isError()) {
                unreadable++;
            } else if (r.isUnlabeled()) {
                unlabeled++;
            } else {
                perClass.computeIfAbsent(r.className(), k -> zeroSplits()).merge(r.split(), 1, Integer::sum);
                if (r.confidence() != null) {
                    confidences.add(r.confidence());
                }
            }
        }
        List<Map<String, Object>> classRows = new ArrayList<>();
        perClass.forEach((c, splits) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", c);
            row.put("splits", splits);
            row.put("total", splits.values().stream().mapToInt(Integer::intValue).sum());
            classRows.add(row);
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", datasetName);
        m.put("images", items.size());
        m.put("classes", classRows);
        m.put("unlabeled", unlabeled);
        m.put("unreadable", unreadable);
        m.put("reviewRecords", reviewRecords);
        m.put("corrected", corrected);
        m.put("histogram", histogram(confidences));
        m.put("index", neighbours.available());
        m.put("indexed", neighbours.covered());
        return m;
    }

    private static Map<String, Integer> zeroSplits() {
        Map<String, Integer> m = new TreeMap<>(Comparator.comparingInt(SPLITS::indexOf));
        SPLITS.forEach(s -> m.put(s, 0));
        return m;
    }

    /** Counts of confidences in ten bins of width 0.1 ([0, 0.1) … [0.9, 1]). */
    static int[] histogram(List<Double> confidences) {
        int[] bins = new int[BINS];
        for (double c : confidences) {
            bins[Math.max(0, Math.min(BINS - 1, (int) Math.floor(c * BINS)))]++;
        }
        return bins;
    }
}
