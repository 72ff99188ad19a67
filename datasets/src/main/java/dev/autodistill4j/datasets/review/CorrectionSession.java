package dev.autodistill4j.datasets.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.datasets.OutputFiles;
import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.DatasetWriter;
import dev.autodistill4j.datasets.PathNames;
import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.Sha256;
import dev.autodistill4j.datasets.Split;
import dev.autodistill4j.datasets.Splitter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One locked batch of review decisions: plans each (compare-and-set against the current state, the target file
 * name), then {@link #commit}s them — log first (fsync), files moved after, {@code run.json} last — so a process
 * killed at any point leaves a log that {@link DatasetCorrections#recover} completes. Only used under the
 * dataset's {@link dev.autodistill4j.datasets.OutputLock}.
 */
final class CorrectionSession {
    private final Path root;
    private final ReviewedManifest state;
    private final Map<String, String> classFolders;
    private final DatasetWriter layout;
    private final Splitter splitter;
    private final Set<String> claimed;
    private final List<ReviewRecord> pending = new ArrayList<>();
    private final String who;
    private long nextSeq;

    /** @param state the dataset as read under the lock */
    CorrectionSession(Path root, String who, ReviewedManifest state) {
        this.root = root;
        this.who = who;
        this.state = state;
        this.classFolders = LabelOutputFolder.classFolders(root);
        this.layout = new DatasetWriter(root, classFolders, false, Set.of());
        this.splitter = splitter(root);
        this.claimed = state.files();
        this.nextSeq = state.nextSeq();
    }

    ReviewedManifest state() {
        return state;
    }

    private static Splitter splitter(Path root) {
        JsonNode run = LabelOutputFolder.readRunJson(root).orElseThrow();
        JsonNode split = run.path("split");
        if (!split.isObject() || !run.path("seed").isNumber()) {
            return null;
        }
        return new Splitter(split.path("train").asDouble(), split.path("valid").asDouble(),
                split.path("test").asDouble(), run.path("seed").asLong());
    }

    /** Plans one person's decision; nothing is written until {@link #commit}. */
    CorrectionResult correct(Correction c) {
        ManifestRecord now = state.current(c.source()).orElse(null);
        if (now == null) {
            return refused(c.source(), null, "no such image in this dataset");
        }
        if (now.isError()) {
            return refused(c.source(), now, "this image could not be read when it was labelled, so it has no file "
                    + "to correct; fix or remove the input and run label again");
        }
        if (!Objects.equals(now.sha256(), c.sha256()) || !Objects.equals(now.className(), c.expectedClass())) {
            return new CorrectionResult(c.source(), CorrectionResult.Status.CONFLICT, now.className(), now.file(),
                    "this image is now " + describe(now.className()) + " (changed by another tab or person since "
                            + "you saw it); nothing was done", null);
        }
        if (c.toClass() != null && !classFolders.containsKey(c.toClass())) {
            return refused(c.source(), now, "'" + c.toClass() + "' is not a class of this dataset's ontology");
        }
        if (!c.accept() && Objects.equals(now.className(), c.toClass())) {
            return new CorrectionResult(c.source(), CorrectionResult.Status.UNCHANGED, now.className(), now.file(),
                    "already " + describe(now.className()), null);
        }
        String problem = checkFile(now);
        if (problem != null) {
            return refused(c.source(), now, problem);
        }
        ReviewRecord r;
        if (c.accept()) {
            r = record(ReviewRecord.Action.ACCEPT, now, now.className(), now.split(), now.file(), null);
        } else {
            Split split = targetSplit(now, c.toClass());
            if (c.toClass() != null && split == null) {
                return refused(c.source(), now, "run.json records no split ratios and seed, so an unlabeled image "
                        + "cannot be given a split");
            }
            r = record(ReviewRecord.Action.MOVE, now, c.toClass(), split == null ? null : split.folderName(),
                    target(now, c.toClass(), split, null), null);
        }
        plan(r);
        return new CorrectionResult(c.source(), CorrectionResult.Status.APPLIED, r.to(), r.toFile(), null, r);
    }

    /** Plans the undo of {@code target} (a move or an accept still in effect): the image goes back where it was. */
    ReviewRecord undo(ReviewRecord target) {
        return undo(target, who, Instant.now().toString(), null);
    }

    private ReviewRecord undo(ReviewRecord target, String person, String when, String replayed) {
        ManifestRecord now = state.current(target.source()).orElseThrow();
        if (!Objects.equals(now.className(), target.to()) || !Objects.equals(now.file(), target.toFile())) {
            throw new DatasetWriteException("review record " + target.seq() + " cannot be undone: the image has "
                    + "changed since (now " + describe(now.className()) + "); undo the later records first");
        }
        String to = now.className();
        String toSplit = now.split();
        String toFile = now.file();
        if (target.action() != ReviewRecord.Action.ACCEPT) {
            Split split = target.fromSplit() == null ? null : Split.fromFolderName(target.fromSplit());
            to = target.from();
            toSplit = target.fromSplit();
            toFile = target(now, target.from(), split, target.fromFile());
        }
        ReviewRecord r = new ReviewRecord(nextSeq++, when, person, ReviewRecord.Action.UNDO, now.source(),
                now.sha256(), now.className(), to, now.split(), toSplit, now.file(), toFile, target.seq(), replayed);
        plan(r);
        return r;
    }

    /**
     * Plans {@code r}, a record of another dataset's log, on this dataset's image {@code source}: its person and
     * time are kept, {@code replayed} says when it was copied. {@code undone} is this dataset's copy of the record
     * an undo reverts (null for other actions).
     */
    ReviewRecord replay(ReviewRecord r, String source, ReviewRecord undone, String at) {
        if (r.action() == ReviewRecord.Action.UNDO) {
            return undo(undone, r.who(), r.when(), at);
        }
        ManifestRecord now = state.current(source).orElseThrow();
        String to = now.className();
        String split = now.split();
        String file = now.file();
        if (r.action() == ReviewRecord.Action.MOVE) {
            Split s = targetSplit(now, r.to());
            to = r.to();
            split = s == null ? null : s.folderName();
            file = target(now, r.to(), s, null);
        }
        ReviewRecord planned = new ReviewRecord(nextSeq++, r.when(), r.who(), r.action(), source, now.sha256(),
                now.className(), to, now.split(), split, now.file(), file, null, at);
        plan(planned);
        return planned;
    }

    private ReviewRecord record(ReviewRecord.Action action, ManifestRecord now, String to, String toSplit,
                                String toFile, Long undoes) {
        return new ReviewRecord(nextSeq++, Instant.now().toString(), who, action, now.source(), now.sha256(),
                now.className(), to, now.split(), toSplit, now.file(), toFile, undoes, null);
    }

    private void plan(ReviewRecord r) {
        state.apply(r);
        pending.add(r);
        claimed.add(r.toFile());
    }

    /** Class → class keeps the split; unlabeled → class gets the split the labeller would have given it. */
    private Split targetSplit(ManifestRecord now, String toClass) {
        if (toClass == null) {
            return null;
        }
        if (now.split() != null) {
            return Split.fromFolderName(now.split());
        }
        return splitter == null ? null : splitter.assign(now.sha256());
    }

    /** A free dataset-relative name for the image in its new folder: {@code preferred} if free, else name, name-2… */
    private String target(ManifestRecord now, String toClass, Split split, String preferred) {
        Path dir = toClass == null ? root.resolve(DatasetWriter.UNLABELED) : layout.classDir(split, toClass);
        if (preferred != null && free(preferred)) {
            return preferred;
        }
        String name = Path.of(now.file()).getFileName().toString();
        for (int n = 1; ; n++) {
            String rel = PathNames.relative(root, dir.resolve(DatasetWriter.candidateName(name, n)));
            if (free(rel)) {
                return rel;
            }
        }
    }

    private boolean free(String rel) {
        return !claimed.contains(rel) && !Files.exists(root.resolve(rel), LinkOption.NOFOLLOW_LINKS);
    }

    /** Null when the image's file is where the record says, a regular file with the recorded bytes. */
    private String checkFile(ManifestRecord now) {
        Path p = inside(now.file());
        try {
            if (p == null || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return "the image's file is missing from the dataset (moved or deleted by hand?); nothing was done";
            }
            if (!Sha256.of(p).equals(now.sha256())) {
                return "the image's file was changed since it was labelled (its sha256 differs); nothing was done";
            }
            return null;
        } catch (IOException e) {
            return "the image's file cannot be read (" + e.getClass().getSimpleName() + "); nothing was done";
        }
    }

    /** {@code rel} resolved under the root, or null when it would leave it. */
    Path inside(String rel) {
        if (rel == null) {
            return null;
        }
        Path p = root.resolve(rel).normalize();
        return p.startsWith(root) && !p.equals(root) ? p : null;
    }

    /** Log (fsync), then the moves in order, then run.json. */
    List<ReviewRecord> commit() {
        ReviewLog.append(ReviewLog.of(root), pending);
        for (ReviewRecord r : pending) {
            if (r.movesFile()) {
                move(root, inside(r.fromFile()), inside(r.toFile()));
            }
        }
        if (!pending.isEmpty()) {
            RunJsonReview.update(root, state);
        }
        return List.copyOf(pending);
    }

    static void move(Path root, Path from, Path to) {
        try {
            OutputFiles.createFolders(root, to.getParent()); // never into a linked class folder
            Files.move(from, to); // a rename inside the dataset; never replaces a file
        } catch (IOException e) {
            throw new DatasetWriteException("cannot move " + from + " to " + to + " (" + e + "): the correction is "
                    + "in reviews.jsonl and is completed the next time the dataset is reviewed or labelled", e);
        }
    }

    private static CorrectionResult refused(String source, ManifestRecord now, String why) {
        return new CorrectionResult(source, CorrectionResult.Status.REFUSED, now == null ? null : now.className(),
                now == null ? null : now.file(), why, null);
    }

    static String describe(String cls) {
        return cls == null ? "unlabeled" : "'" + cls + "'";
    }
}
