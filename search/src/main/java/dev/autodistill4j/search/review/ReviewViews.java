package dev.autodistill4j.search.review;

import dev.autodistill4j.datasets.ManifestRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The review page's views of a {@link ReviewSnapshot}: one per class (lowest confidence first), unlabeled (best
 * score first: the nearest misses), unreadable, and the "suspicious" ones — low margin between the model's two
 * best classes, near-duplicates in different classes, and images whose label disagrees with their nearest
 * neighbours (the last two from embeddings, when an index of the dataset is given).
 */
public final class ReviewViews {
    public static final double DEFAULT_MARGIN = 0.1;
    public static final double DUPLICATE_COSINE = 0.95;
    static final double DISAGREE_SHARE = 0.6;
    static final int DISAGREE_MIN_NEIGHBOURS = 3;
    static final String CLASS_PREFIX = "class:";

    /** One image in a view, with the view's remark on it (or null). */
    public record Entry(ReviewItem item, String note) {
    }

    private ReviewViews() {
    }

    /** Every view's name, title and size, classes first. */
    public static List<Map<String, Object>> list(ReviewSnapshot s, Neighbours n, double marginBelow) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Integer> perClass = new HashMap<>();
        s.items().forEach(i -> {
            if (labelled(i)) {
                perClass.merge(i.record().className(), 1, Integer::sum);
            }
        });
        for (String c : s.classes()) {
            out.add(row(CLASS_PREFIX + c, c, perClass.getOrDefault(c, 0)));
        }
        for (String v : List.of("unlabeled", "unreadable", "low-margin", "duplicates", "disagree")) {
            out.add(row(v, title(v, marginBelow), view(s, n, v, marginBelow).size()));
        }
        return out;
    }

    private static Map<String, Object> row(String name, String title, int count) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("title", title);
        m.put("count", count);
        return m;
    }

    public static String title(String view, double marginBelow) {
        return switch (view) {
            case "unlabeled" -> "unlabeled";
            case "unreadable" -> "unreadable";
            case "low-margin" -> String.format(Locale.ROOT, "low margin (< %.2f)", marginBelow);
            case "duplicates" -> "near-duplicates across classes";
            case "disagree" -> "disagrees with neighbours";
            default -> view.startsWith(CLASS_PREFIX) ? view.substring(CLASS_PREFIX.length()) : view;
        };
    }

    /** The images of view {@code name} in the order a person should look at them; null when no such view. */
    public static List<Entry> view(ReviewSnapshot s, Neighbours n, String name, double marginBelow) {
        if (name.startsWith(CLASS_PREFIX)) {
            String cls = name.substring(CLASS_PREFIX.length());
            return sorted(s, r -> cls.equals(r.className()), Comparator.comparing(ReviewViews::confidence));
        }
        return switch (name) {
            case "unlabeled" -> sorted(s, ManifestRecord::isUnlabeled,
                    Comparator.comparing(ReviewViews::confidence).reversed());
            case "unreadable" -> sorted(s, ManifestRecord::isError, Comparator.comparing(i -> 0));
            case "low-margin" -> lowMargin(s, marginBelow);
            case "duplicates" -> duplicates(s, n);
            case "disagree" -> disagreements(s, n);
            default -> null;
        };
    }

    private static double confidence(ReviewItem i) {
        return i.record().confidence() == null ? 2 : i.record().confidence();
    }

    private static List<Entry> sorted(ReviewSnapshot s, java.util.function.Predicate<ManifestRecord> keep,
                                      Comparator<ReviewItem> order) {
        return s.items().stream().filter(i -> keep.test(i.record()))
                .sorted(order.thenComparing(ReviewItem::name).thenComparing(ReviewItem::id))
                .map(i -> new Entry(i, null)).toList();
    }

    private static boolean labelled(ReviewItem i) {
        return i.record().className() != null && !i.record().isError();
    }

    private static List<Entry> lowMargin(ReviewSnapshot s, double below) {
        return s.items().stream().filter(i -> labelled(i) && i.margin() != null && i.margin() < below)
                .sorted(Comparator.comparing(ReviewItem::margin).thenComparing(ReviewItem::name))
                .map(i -> new Entry(i, String.format(Locale.ROOT, "margin %.3f", i.margin()))).toList();
    }

    /** Pairs of labelled images at cosine ≥ {@value #DUPLICATE_COSINE} in different classes, most similar first. */
    private static List<Entry> duplicates(ReviewSnapshot s, Neighbours n) {
        record Pair(ReviewItem a, ReviewItem b, double score) {
        }
        List<Pair> pairs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ReviewItem a : s.items()) {
            if (!labelled(a)) {
                continue;
            }
            for (Neighbours.Neighbour nb : n.of(a.record().sha256())) {
                for (ReviewItem b : s.bySha(nb.sha256())) {
                    String key = a.id().compareTo(b.id()) < 0 ? a.id() + b.id() : b.id() + a.id();
                    if (nb.score() >= DUPLICATE_COSINE && labelled(b)
                            && !Objects.equals(a.record().className(), b.record().className()) && seen.add(key)) {
                        pairs.add(new Pair(a, b, nb.score()));
                    }
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::score).reversed().thenComparing(p -> p.a().name()));
        List<Entry> out = new ArrayList<>();
        for (Pair p : pairs) {
            out.add(new Entry(p.a(), note(p.b(), p.score())));
            out.add(new Entry(p.b(), note(p.a(), p.score())));
        }
        return out;
    }

    private static String note(ReviewItem other, double score) {
        return String.format(Locale.ROOT, "cosine %.3f to %s in %s", score, other.name(), other.record().className());
    }

    /** Labelled images most of whose labelled neighbours share another class; strongest disagreement first. */
    private static List<Entry> disagreements(ReviewSnapshot s, Neighbours n) {
        record Disagreement(ReviewItem item, String majority, double share) {
        }
        List<Disagreement> found = new ArrayList<>();
        for (ReviewItem a : s.items()) {
            if (!labelled(a)) {
                continue;
            }
            Map<String, Integer> votes = new HashMap<>();
            int counted = 0;
            for (Neighbours.Neighbour nb : n.of(a.record().sha256())) {
                for (ReviewItem b : s.bySha(nb.sha256())) {
                    if (labelled(b)) {
                        votes.merge(b.record().className(), 1, Integer::sum);
                        counted++;
                    }
                }
            }
            if (counted < DISAGREE_MIN_NEIGHBOURS) {
                continue;
            }
            Map.Entry<String, Integer> top = votes.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                    .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())).orElseThrow();
            double share = (double) top.getValue() / counted;
            if (!top.getKey().equals(a.record().className()) && share >= DISAGREE_SHARE) {
                found.add(new Disagreement(a, top.getKey(), share));
            }
        }
        found.sort(Comparator.comparingDouble(Disagreement::share).reversed().thenComparing(d -> d.item().name()));
        return found.stream().map(d -> new Entry(d.item(), String.format(Locale.ROOT,
                "%.0f%% of its neighbours are %s", d.share() * 100, d.majority()))).toList();
    }

    /** The confidence histogram of a view's labelled images. */
    public static int[] histogram(List<Entry> entries) {
        List<Double> c = new ArrayList<>();
        entries.forEach(e -> {
            if (e.item().record().confidence() != null) {
                c.add(e.item().record().confidence());
            }
        });
        return ReviewSnapshot.histogram(c);
    }
}
