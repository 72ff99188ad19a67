package dev.autodistill4j.datasets.review;

import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A labelled dataset as it is now: {@code manifest.jsonl} (what the labeller decided, never rewritten) with
 * {@code reviews.jsonl} (what people corrected since) applied in order. Everything that reads a label output's
 * records — {@code label} resume, {@code dataset stats}, {@code dataset balance}, the review page — reads them
 * through this class, so all of them see the corrected classes and the files where they now lie.
 */
public final class ReviewedManifest {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewedManifest.class);

    private final Path root;
    private final Map<String, ManifestRecord> original = new LinkedHashMap<>();
    private final Map<String, ManifestRecord> current = new LinkedHashMap<>();
    private final Map<String, ReviewRecord> lastBySource = new LinkedHashMap<>();
    private final List<ReviewRecord> log = new ArrayList<>();
    private final Set<Long> undone = new HashSet<>();
    private long maxSeq;

    private ReviewedManifest(Path root) {
        this.root = root;
    }

    /** Reads the manifest and the review log of the dataset at {@code root}; both may be absent. */
    public static ReviewedManifest read(Path root) {
        ReviewedManifest m = new ReviewedManifest(root);
        for (ManifestRecord r : Manifest.read(root.resolve(Manifest.FILE_NAME))) {
            m.original.put(r.source(), r);
            m.current.put(r.source(), r);
        }
        int ignored = 0;
        for (ReviewRecord r : ReviewLog.read(ReviewLog.of(root))) {
            m.maxSeq = Math.max(m.maxSeq, r.seq());
            if (!m.applies(r)) {
                ignored++;
                continue;
            }
            m.apply(r);
        }
        if (ignored > 0) {
            LOG.warn("{}: {} review records name images that are not in manifest.jsonl (or whose sha256 differs) "
                    + "and were ignored", ReviewLog.of(root), ignored);
        }
        return m;
    }

    /** The current records of {@code root}, in manifest order (convenience for readers). */
    public static List<ManifestRecord> records(Path root) {
        return read(root).records();
    }

    private boolean applies(ReviewRecord r) {
        ManifestRecord now = current.get(r.source());
        return now != null && Objects.equals(now.sha256(), r.sha256()) && !now.isError();
    }

    /** Applies one record of the log (already checked to name an image of this manifest). */
    void apply(ReviewRecord r) {
        maxSeq = Math.max(maxSeq, r.seq());
        log.add(r);
        lastBySource.put(r.source(), r);
        if (r.action() == ReviewRecord.Action.UNDO && r.undoes() != null) {
            undone.add(r.undoes());
        }
        if (r.action() != ReviewRecord.Action.ACCEPT) {
            ManifestRecord now = current.get(r.source());
            current.put(r.source(), moved(now, r.to(), r.toSplit(), r.toFile()));
        }
    }

    /** {@code r} in another class (null: unlabeled), split and file; the model's scores are kept. */
    static ManifestRecord moved(ManifestRecord r, String cls, String split, String file) {
        Double confidence = r.confidence();
        if (r.scores() != null && !r.scores().isEmpty()) {
            confidence = cls != null && r.scores().containsKey(cls) ? r.scores().get(cls)
                    : cls == null ? r.scores().values().stream().mapToDouble(Double::doubleValue).max().orElse(0)
                    : null;
        }
        return new ManifestRecord(r.source(), r.sha256(), cls == null ? null : split, cls, confidence, r.scores(),
                file, null);
    }

    public Path root() {
        return root;
    }

    /** Every record as it is now, in manifest order. */
    public List<ManifestRecord> records() {
        return List.copyOf(current.values());
    }

    public Optional<ManifestRecord> current(String source) {
        return Optional.ofNullable(current.get(source));
    }

    /** The record as the labeller wrote it. */
    public Optional<ManifestRecord> original(String source) {
        return Optional.ofNullable(original.get(source));
    }

    /** The review records that apply to this manifest, in order. */
    public List<ReviewRecord> log() {
        return List.copyOf(log);
    }

    /** The last review record of an image (an undo included), if any. */
    public Optional<ReviewRecord> lastReview(String source) {
        return Optional.ofNullable(lastBySource.get(source));
    }

    /** Whether the record with this sequence number was undone by a later one. */
    public boolean isUndone(long seq) {
        return undone.contains(seq);
    }

    /** The sequence number the next record gets (after every record of the log, ignored ones included). */
    long nextSeq() {
        return maxSeq + 1;
    }

    /** Dataset-relative paths of every image as it lies now (what a writer must not reuse). */
    public Set<String> files() {
        Set<String> files = new HashSet<>();
        current.values().forEach(r -> {
            if (r.file() != null) {
                files.add(r.file());
            }
        });
        return files;
    }

    /** Images whose class differs from the labeller's now. */
    public int corrected() {
        int n = 0;
        for (Map.Entry<String, ManifestRecord> e : current.entrySet()) {
            if (!Objects.equals(e.getValue().className(), original.get(e.getKey()).className())) {
                n++;
            }
        }
        return n;
    }
}
