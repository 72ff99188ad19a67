package dev.autodistill4j.search.review;

import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.review.ReviewRecord;
import dev.autodistill4j.search.SearchIndex;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image as the review page shows it: where it is now, what the model said (top class, runner-up, margin)
 * and the last person's decision. Holds no absolute path: the page sees the file's name and its place inside the
 * dataset only.
 *
 * @param id         stable handle: the first 16 hex digits of the sha256 of the manifest's {@code source} key
 * @param record     the record as it is now (corrections applied)
 * @param review     the image's last review record, or null
 */
public record ReviewItem(String id, ManifestRecord record, ReviewRecord review) {

    static ReviewItem of(ManifestRecord r, ReviewRecord review) {
        return new ReviewItem(SearchIndex.idOf(r.source()), r, review);
    }

    /** The file's name (for an unreadable input: its source's name). */
    public String name() {
        String path = record.file() != null ? record.file() : record.source();
        String name = Path.of(path).getFileName() == null ? path : Path.of(path).getFileName().toString();
        int slash = name.lastIndexOf('/');
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    /** Class names by the model's score, best first. */
    List<Map.Entry<String, Double>> ranked() {
        if (record.scores() == null) {
            return List.of();
        }
        List<Map.Entry<String, Double>> e = new ArrayList<>(record.scores().entrySet());
        e.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry::getKey));
        return e;
    }

    /** Best minus second-best model score, or null without two scores. */
    public Double margin() {
        List<Map.Entry<String, Double>> r = ranked();
        return r.size() < 2 ? null : r.get(0).getValue() - r.get(1).getValue();
    }

    /** The JSON the page reads; {@code note} is a view's remark about this image (may be null). */
    public Map<String, Object> toJson(String note) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name());
        m.put("file", record.file());
        m.put("sha256", record.sha256());
        m.put("class", record.className());
        m.put("split", record.split());
        m.put("confidence", record.confidence());
        List<Map.Entry<String, Double>> ranked = ranked();
        m.put("modelClass", ranked.isEmpty() ? null : ranked.get(0).getKey());
        m.put("runnerUp", ranked.size() < 2 ? null : ranked.get(1).getKey());
        m.put("runnerUpScore", ranked.size() < 2 ? null : ranked.get(1).getValue());
        m.put("margin", margin());
        if (review != null) {
            Map<String, Object> rv = new LinkedHashMap<>();
            rv.put("action", review.action().name().toLowerCase(java.util.Locale.ROOT));
            rv.put("who", review.who());
            rv.put("when", review.when());
            rv.put("from", review.from());
            m.put("review", rv);
        }
        if (record.isError()) {
            m.put("error", inert(record.error()));
        } else {
            m.put("thumb", "/thumb?id=" + id);
        }
        if (note != null) {
            m.put("note", note);
        }
        return m;
    }

    /** The labeller's error without the paths in it: the input's own path becomes its name, others "…". */
    private String inert(String error) {
        String e = error.replace(record.source(), name());
        return e.replaceAll("(?:/[^\\s/'\":]+){2,}/?", "…");
    }
}
