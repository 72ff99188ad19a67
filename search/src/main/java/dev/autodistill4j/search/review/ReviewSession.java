package dev.autodistill4j.search.review;

import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.Sha256;
import dev.autodistill4j.datasets.review.Correction;
import dev.autodistill4j.datasets.review.CorrectionResult;
import dev.autodistill4j.datasets.review.DatasetCorrections;
import dev.autodistill4j.datasets.review.ReviewLog;
import dev.autodistill4j.datasets.review.ReviewRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One reviewed dataset behind the review page: the current {@link ReviewSnapshot} (rebuilt when the manifest or
 * the review log changed on disk — a {@code label} resume, another server, {@code review --undo}), the
 * corrections ({@link DatasetCorrections}, which take the dataset's lock per request) and the images' files,
 * handed out only while they lie inside the dataset with the bytes the manifest recorded.
 */
public final class ReviewSession {
    private final Path root;
    private final DatasetCorrections corrections;
    private final Neighbours neighbours;
    private final List<String> classes;
    private volatile ReviewSnapshot snapshot;
    private volatile List<Object> stamp;

    public ReviewSession(Path root, String reviewer, Neighbours neighbours) {
        this.corrections = new DatasetCorrections(root, reviewer);
        this.root = corrections.root();
        this.neighbours = neighbours;
        this.classes = List.copyOf(LabelOutputFolder.classFolders(root).keySet());
        reload();
    }

    public Path root() {
        return root;
    }

    /** The folder's name, which the page shows (never its path). */
    public String name() {
        return root.getFileName() == null ? "dataset" : root.getFileName().toString();
    }

    public Neighbours neighbours() {
        return neighbours;
    }

    /** The dataset as it is now on disk. */
    public ReviewSnapshot snapshot() {
        if (!Objects.equals(stamp, stamp())) {
            reload();
        }
        return snapshot;
    }

    private synchronized void reload() {
        List<Object> now = stamp();
        snapshot = ReviewSnapshot.of(corrections.state(), classes);
        stamp = now;
    }

    /** Size and modification time of the manifest and the review log: what a change on disk changes. */
    private List<Object> stamp() {
        List<Object> s = new ArrayList<>();
        for (Path p : List.of(root.resolve(Manifest.FILE_NAME), ReviewLog.of(root))) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                s.add(a.size());
                s.add(a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                s.add(-1L);
            }
        }
        return s;
    }

    /** Applies the corrections (each compare-and-set), then shows the new state. */
    public List<CorrectionResult> correct(List<Correction> requested) {
        try {
            return corrections.apply(requested);
        } finally {
            reload();
        }
    }

    /** Undoes the last {@code n} decisions still in effect. */
    public List<ReviewRecord> undo(int n) {
        try {
            return corrections.undo(n);
        } finally {
            reload();
        }
    }

    /** The image file of {@code item}, only while it lies inside the dataset and holds the recorded bytes. */
    public Optional<Path> file(ReviewItem item) {
        ManifestRecord r = item.record();
        if (r.file() == null || r.isError()) {
            return Optional.empty();
        }
        Path p = root.resolve(r.file()).normalize();
        try {
            if (!p.startsWith(root) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    || !Sha256.of(p).equals(r.sha256())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(p);
    }
}
