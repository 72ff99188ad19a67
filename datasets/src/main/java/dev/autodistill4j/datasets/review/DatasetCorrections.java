package dev.autodistill4j.datasets.review;

import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.datasets.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Corrections of a {@code label} output by a person: the one writer of {@code reviews.jsonl}.
 *
 * <p>Every call takes the dataset's {@link OutputLock} — the lock {@code label} holds for its whole run — so a
 * correction while {@code label} runs on the dataset is refused ({@link dev.autodistill4j.datasets.OutputLockedException}
 * naming the holder) and {@code label} cannot start in the middle of one. Files move only inside the dataset's
 * own folders ({@code train/ valid/ test/ unlabeled/}), by rename, never over an existing file; the log record
 * is on disk (fsync) before the file moves, and {@link #recover} completes a move a killed process left undone.
 * Calls of one instance are serialised, so two browser tabs are two compare-and-set attempts in turn.
 */
public final class DatasetCorrections {
    /** The lock holder's name while a correction is written. */
    public static final String COMMAND = "autodistill4j review";
    private static final Logger LOG = LoggerFactory.getLogger(DatasetCorrections.class);

    private final Path root;
    private final String who;

    /**
     * @param root a {@code label} output
     * @param who  the person, recorded with every decision
     */
    public DatasetCorrections(Path root, String who) {
        this.root = root.toAbsolutePath().normalize();
        this.who = who == null || who.isBlank() ? "unknown" : who.strip();
        if (!LabelOutputFolder.isOurs(this.root)) {
            throw new DatasetWriteException(root + " is not an autodistill4j label output (no run.json written by '"
                    + LabelOutputFolder.TOOL + "'): only a dataset written by label can be reviewed");
        }
    }

    public Path root() {
        return root;
    }

    /** The dataset as it is now (no lock: a reader's view). */
    public ReviewedManifest state() {
        return ReviewedManifest.read(root);
    }

    /** Applies the decisions in order, each compare-and-set; one fsync for all of them. */
    public synchronized List<CorrectionResult> apply(List<Correction> corrections) {
        return locked(session -> {
            List<CorrectionResult> results = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Correction c : corrections) {
                results.add(seen.add(c.source()) ? session.correct(c)
                        : new CorrectionResult(c.source(), CorrectionResult.Status.REFUSED, null, null,
                        "the same image twice in one request", null));
            }
            session.commit();
            return results;
        });
    }

    /** Undoes the last {@code n} decisions still in effect (newest first), each by a new {@code undo} record. */
    public synchronized List<ReviewRecord> undo(int n) {
        if (n < 1) {
            throw new DatasetWriteException("`undo` needs a positive number of decisions to undo, got " + n);
        }
        return locked(session -> {
            List<ReviewRecord> log = session.state().log();
            Set<Long> undone = new HashSet<>();
            log.forEach(r -> {
                if (r.action() == ReviewRecord.Action.UNDO) {
                    undone.add(r.undoes());
                }
            });
            List<ReviewRecord> targets = new ArrayList<>();
            for (int i = log.size() - 1; i >= 0 && targets.size() < n; i--) {
                ReviewRecord r = log.get(i);
                if (r.action() != ReviewRecord.Action.UNDO && !undone.contains(r.seq())) {
                    targets.add(r);
                }
            }
            if (targets.size() < n) {
                throw new DatasetWriteException(root + " has " + targets.size() + " review decisions in effect, "
                        + "fewer than the " + n + " to undo; nothing was changed");
            }
            targets.forEach(session::undo);
            return session.commit();
        });
    }

    /**
     * Applies another dataset's {@code reviews.jsonl} (e.g. the log set aside by {@code label --overwrite}, or a
     * colleague's) to this one, in order. An image is found by its {@code source} key with the same sha256, else
     * by a sha256 that names exactly one image; a move applies only while the image is still in the class it was
     * moved from. Returns the records appended and, per skipped record, why.
     */
    public synchronized ReplayResult replay(Path otherLog) {
        List<ReviewRecord> theirs = ReviewLog.read(otherLog);
        if (theirs.isEmpty() && !Files.isRegularFile(otherLog)) {
            throw new DatasetWriteException(otherLog + " is not a review log: give the reviews.jsonl to replay");
        }
        String at = Instant.now().toString();
        return locked(session -> {
            Map<Long, ReviewRecord> mine = new HashMap<>();
            List<String> skipped = new ArrayList<>();
            for (ReviewRecord r : theirs) {
                String why = replayOne(session, r, mine, at);
                if (why != null) {
                    skipped.add("record " + r.seq() + ": " + why);
                }
            }
            return new ReplayResult(session.commit(), skipped);
        });
    }

    private static String replayOne(CorrectionSession session, ReviewRecord r, Map<Long, ReviewRecord> mine,
                                    String at) {
        Optional<String> source = find(session.state(), r);
        if (source.isEmpty()) {
            return "no image of this dataset has its source or sha256";
        }
        ManifestRecord now = session.state().current(source.get()).orElseThrow();
        ReviewRecord undone = null;
        if (r.action() == ReviewRecord.Action.UNDO) {
            undone = mine.get(r.undoes());
            if (undone == null) {
                return "it undoes record " + r.undoes() + ", which was not replayed";
            }
        } else if (!java.util.Objects.equals(now.className(), r.from())) {
            return "the image is " + CorrectionSession.describe(now.className()) + " here, not "
                    + CorrectionSession.describe(r.from());
        }
        mine.put(r.seq(), session.replay(r, source.get(), undone, at));
        return null;
    }

    private static Optional<String> find(ReviewedManifest state, ReviewRecord r) {
        Optional<ManifestRecord> same = state.current(r.source());
        if (same.isPresent() && java.util.Objects.equals(same.get().sha256(), r.sha256())) {
            return Optional.of(r.source());
        }
        List<String> bySha = state.records().stream().filter(m -> r.sha256() != null && r.sha256().equals(m.sha256()))
                .map(ManifestRecord::source).toList();
        return bySha.size() == 1 ? Optional.of(bySha.get(0)) : Optional.empty();
    }

    /** What {@link #replay} did. */
    public record ReplayResult(List<ReviewRecord> applied, List<String> skipped) {
    }

    // the try-with-resources holds the lock for the block and never reads it
    @SuppressWarnings("try")
    private <T> T locked(Function<CorrectionSession, T> work) {
        try (OutputLock lock = OutputLock.acquire(root, COMMAND)) {
            if (!LabelOutputFolder.isOurs(root)) {
                throw new DatasetWriteException(root + " is no longer a label output (run.json is gone or foreign)");
            }
            ReviewedManifest state = ReviewedManifest.read(root);
            recover(root, state); // moves files to where the log says; the state read stays true
            return work.apply(new CorrectionSession(root, who, state));
        }
    }

    /**
     * Completes the file moves of logged decisions that a killed process left undone: an image whose current
     * file is missing while the file it moved from still holds its bytes is moved there now. The caller holds the
     * dataset's lock ({@code label} calls this when it resumes). Returns how many were completed.
     */
    public static int recover(Path root) {
        return recover(root.toAbsolutePath().normalize(), ReviewedManifest.read(root));
    }

    private static int recover(Path root, ReviewedManifest state) {
        Map<String, ReviewRecord> lastMove = new HashMap<>();
        for (ReviewRecord r : state.log()) {
            if (r.movesFile()) {
                lastMove.put(r.source(), r);
            }
        }
        int completed = 0;
        for (ReviewRecord r : lastMove.values()) {
            ManifestRecord now = state.current(r.source()).orElseThrow();
            Path to = root.resolve(now.file()).normalize();
            Path from = root.resolve(r.fromFile()).normalize();
            if (!to.startsWith(root) || !from.startsWith(root) || Files.exists(to, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS) || !sameBytes(from, now.sha256())) {
                continue;
            }
            CorrectionSession.move(root, from, to);
            completed++;
        }
        if (completed > 0) {
            LOG.info("{}: completed {} file moves of reviewed images that an interrupted run left undone", root,
                    completed);
        }
        return completed;
    }

    private static boolean sameBytes(Path file, String sha256) {
        try {
            return Sha256.of(file).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }
}
