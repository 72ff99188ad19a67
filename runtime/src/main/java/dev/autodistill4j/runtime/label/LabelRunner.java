package dev.autodistill4j.runtime.label;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageDecoderFactory;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.runtime.image.ImageLimits;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.runtime.models.Classifiers;
import dev.autodistill4j.datasets.ClassFolders;
import dev.autodistill4j.datasets.ClassIndex;
import dev.autodistill4j.datasets.DatasetWriteException;
import dev.autodistill4j.datasets.DatasetWriter;
import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.datasets.SourceKey;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.Split;
import dev.autodistill4j.datasets.review.DatasetCorrections;
import dev.autodistill4j.datasets.review.ReviewLog;
import dev.autodistill4j.datasets.review.ReviewedManifest;
import dev.autodistill4j.datasets.review.RunJsonReview;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * autodistill's {@code label()}: classifies every image of a folder with a base model and writes a
 * classification dataset ({@code <out>/train|valid|test/<class>/<file>}, {@code unlabeled/},
 * {@code manifest.jsonl}, {@code run.json}).
 *
 * <p>Streaming: images are decoded, classified and written one batch at a time, so memory holds one batch of
 * pixels plus the file list and the set of finished sources — not the images. Each finished image's manifest
 * line is flushed before the next batch, which is what makes {@code kill -9} resumable: a re-run with the
 * same settings skips every source the manifest lists, and {@link DatasetWriter} adopts a copy that was
 * renamed into place just before the kill instead of duplicating it. An unreadable image gets an
 * {@code error} record and the run goes on; a model failure stops the run (re-running resumes it).
 */
public final class LabelRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LabelRunner.class);
    public static final String TASK = "label";
    /**
     * Decoded images are reduced by an integer factor while their shorter side stays at least this many pixels:
     * over twice any CLIP input (224–448), so the model's own resize sees what Pillow's
     * {@code reducing_gap=2} resize would, and a 9000×9000 photo waits for the model as 1125×1125, not 81 MP.
     */
    static final int KEEP_MIN_SIDE = 1024;

    private final BaseModelRegistry registry;
    private final ImageDecoderFactory decoders;
    private final ProgressListener progress;

    /** The standard decoder and no progress reports (library use without Guice). */
    public LabelRunner(BaseModelRegistry registry) {
        this(registry, ImageDecoderFactory.STANDARD, ProgressListener.NONE);
    }

    /**
     * What {@code Autodistill4jModule} builds: the registry, the decoder factory and the default progress
     * listener are bindings, so an application overrides any of them in one place.
     */
    @Inject
    public LabelRunner(BaseModelRegistry registry, ImageDecoderFactory decoders, ProgressListener progress) {
        this.registry = registry;
        this.decoders = decoders == null ? ImageDecoderFactory.STANDARD : decoders;
        this.progress = ProgressListener.orNone(progress);
    }

    /** Loads the configured model, labels, closes the model; progress goes to the bound listener. */
    public LabelSummary run(LabelConfig config) {
        return run(config, progress);
    }

    /** Loads the configured model, labels, closes the model; a null {@code progress} reports nothing. */
    public LabelSummary run(LabelConfig config, ProgressListener progress) {
        OutputFolder.check(config);
        OutputFolder.checkResumable(config);
        ModelRequest request = new ModelRequest(null, config.ontology(), config.device(), config.modelOptions());
        try (BaseModel model = registry.load(config.model(), request)) {
            return run(config, Classifiers.of(model, config.ontology() != null), progress);
        }
    }

    /**
     * Labels with a model the caller owns (and closes); its ontology decides the classes. The output folder is
     * locked ({@link OutputLock}) for the whole run, so a second run on it fails at once instead of recording
     * every source twice.
     */
    // the try-with-resources holds a lock/lease/poller for the block and never reads it
    @SuppressWarnings("try")
    public LabelSummary run(LabelConfig config, ClassificationBaseModel model, ProgressListener progress) {
        java.util.Objects.requireNonNull(config, "config: build one with LabelConfig.builder()");
        java.util.Objects.requireNonNull(model, "model: load one with BaseModelRegistry.discover().load(...)");
        OutputFolder.check(config);
        try (OutputLock lock = OutputFolder.lock(config)) {
            return runLocked(config, model, ProgressListener.orNone(progress));
        }
    }

    private LabelSummary runLocked(LabelConfig config, ClassificationBaseModel model, ProgressListener progress) {
        List<String> classes = model.ontology().classes();
        Map<String, String> folders = ClassFolders.forClasses(classes);
        Map<String, Object> record = RunRecord.create(config, model.info(), folders,
                config.ontology() != null ? config.ontology() : model.ontology());
        Path out = config.output();
        OutputFolder.prepare(config, record);
        Path runJson = out.resolve(RunRecord.FILE_NAME);
        RunRecord.write(runJson, record);
        ClassIndex.write(out, folders.values(), ClassIndex.splits(config.splitter()));

        Path manifestFile = out.resolve(Manifest.FILE_NAME);
        Tally tally = new Tally(out.toString());
        Set<String> doneSources = new HashSet<>();
        Set<String> claimed = new HashSet<>();
        DatasetCorrections.recover(out); // a correction a killed review left half done
        for (ManifestRecord r : ReviewedManifest.records(out)) { // as people corrected it: classes and files
            doneSources.add(r.source());
            if (r.file() != null) {
                claimed.add(r.file());
            }
            tally.add(r);
        }
        tally.resumed = doneSources.size();
        DatasetWriter writer = new DatasetWriter(out, folders, config.hardLink(), claimed);
        writer.cleanTemporaryFiles();

        List<Path> files = ImageFiles.walk(config.input(), PathContainment.real(out)).stream()
                .filter(config::accepts).toList();
        List<Path> todo = files.stream().filter(p -> !doneSources.contains(source(p))).toList();
        long total = doneSources.size() + todo.size();
        LOG.info("labelling {} images from {} into {} ({} already done)", todo.size(), config.input(), out,
                doneSources.size());
        ImageDecoder decoder = decoders.create(ImageLimits.defaults().withMaxPixels(config.maxPixels()));
        long done = doneSources.size();
        progress.update(TASK, done, total);
        List<List<Path>> batches = new ArrayList<>();
        for (int start = 0; start < todo.size(); start += config.batchSize()) {
            batches.add(todo.subList(start, Math.min(todo.size(), start + config.batchSize())));
        }
        try (Manifest manifest = Manifest.openForAppend(manifestFile);
             BatchDecoder prepare = new BatchDecoder(decoder, config.decodeThreads(), KEEP_MIN_SIDE)) {
            CompletableFuture<List<BatchDecoder.Decoded>> next = batches.isEmpty() ? null
                    : prepare.submit(batches.get(0));
            for (int b = 0; b < batches.size(); b++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Autodistill4jException("labelling was interrupted after " + done + " of " + total
                            + " images; run the same command again to resume");
                }
                List<BatchDecoder.Decoded> current = BatchDecoder.await(next);
                // decode the next batch while the model works on this one (at most two batches in memory)
                next = b + 1 < batches.size() ? prepare.submit(batches.get(b + 1)) : null;
                labelBatch(current, model, config, writer, manifest, tally);
                done += current.size();
                progress.update(TASK, done, total);
            }
            for (Path p : tally.takeOutOfMemory()) {
                // retried alone, with the other decoders idle; if it fails again it stays unrecorded
                labelBatch(List.of(prepare.decodeNow(p)), model, config, writer, manifest, tally);
            }
        } finally {
            progress.finished(TASK);
        }
        LabelSummary summary = tally.summary();
        record.put("status", tally.outOfMemory.isEmpty() ? "complete" : "incomplete");
        if (!tally.outOfMemory.isEmpty()) {
            LOG.warn("{} images could not be decoded for lack of memory and were not recorded; run the same "
                    + "command again (with more -Xmx or fewer `decode-threads`) to label them", tally.outOfMemory.size());
        }
        record.put("finished", Instant.now().toString());
        record.put("summary", Map.of("images", summary.images(), "labelled", summary.labelled(),
                "unlabeled", summary.unlabeled(), "failed", summary.failed(), "perSplit", summary.perSplit()));
        RunRecord.write(runJson, record);
        return summary;
    }

    private void labelBatch(List<BatchDecoder.Decoded> batch, ClassificationBaseModel model, LabelConfig config,
                            DatasetWriter writer, Manifest manifest, Tally tally) {
        List<Path> ok = new ArrayList<>(batch.size());
        List<String> hashes = new ArrayList<>(batch.size());
        List<BufferedImage> images = new ArrayList<>(batch.size());
        for (BatchDecoder.Decoded d : batch) {
            if (d.outOfMemory()) {
                tally.outOfMemory(d.file(), d.error());
            } else if (d.error() != null) {
                fail(manifest, tally, d.file(), d.sha256(), d.error());
            } else {
                ok.add(d.file());
                hashes.add(d.sha256());
                images.add(d.image());
            }
        }
        if (images.isEmpty()) {
            return;
        }
        List<Classifications> results = model.predictBatch(images, config.confidence());
        if (results.size() != images.size()) {
            throw new Autodistill4jException("model " + model.info().spec() + " returned " + results.size()
                    + " results for " + images.size() + " images: the model is broken");
        }
        images.clear();
        for (int i = 0; i < ok.size(); i++) {
            Path src = ok.get(i);
            Classifications c = results.get(i);
            Map<String, Double> scores = new LinkedHashMap<>();
            c.scores().forEach((k, v) -> scores.put(k, (double) v));
            if (scores.values().stream().anyMatch(v -> !Double.isFinite(v))) {
                fail(manifest, tally, src, hashes.get(i), src + ": the model returned non-finite scores " + scores
                        + " for this image");
                continue;
            }
            ManifestRecord r;
            if (c.hasLabel()) {
                String cls = c.classes().get(c.classIds()[0]);
                Split split = config.splitter().assign(hashes.get(i));
                String file = writer.write(src, hashes.get(i), split, cls);
                r = new ManifestRecord(source(src), hashes.get(i), split.folderName(), cls,
                        (double) c.confidences()[0], scores, file, null);
            } else {
                String file = writer.write(src, hashes.get(i), null, null);
                r = new ManifestRecord(source(src), hashes.get(i), null, null, (double) c.topConfidence(), scores,
                        file, null);
            }
            manifest.append(r);
            tally.add(r);
        }
    }

    private static void fail(Manifest manifest, Tally tally, Path p, String sha, String error) {
        LOG.warn("skipping unreadable image: {}", error);
        ManifestRecord r = ManifestRecord.failed(source(p), sha, error);
        manifest.append(r);
        tally.add(r);
    }

    /** The manifest's {@code source} key of an input file (public: the Spark label job keys records the same way). */
    public static String source(Path p) {
        return SourceKey.of(p);
    }

    /** Running counts for the summary: the shared {@link LabelTally}, plus images that ran out of memory. */
    private static final class Tally {
        private final String output;
        private final LabelTally counts = new LabelTally();
        private int resumed;
        /** Images whose decoding ran out of memory: no manifest record, so a resume retries them. */
        private final Map<Path, String> outOfMemory = new LinkedHashMap<>();

        Tally(String output) {
            this.output = output;
        }

        void outOfMemory(Path file, String error) {
            outOfMemory.put(file, error);
        }

        List<Path> takeOutOfMemory() {
            List<Path> files = List.copyOf(outOfMemory.keySet());
            outOfMemory.clear();
            return files;
        }

        void add(ManifestRecord r) {
            counts.add(r);
        }

        LabelSummary summary() {
            Map<String, String> oomErrors = new LinkedHashMap<>();
            outOfMemory.forEach((file, error) -> oomErrors.put(source(file), error));
            return counts.summary(output, resumed, outOfMemory.size(), oomErrors);
        }
    }

    /**
     * Decides whether an output folder is new, resumable or must be refused, and applies --overwrite. Ownership
     * and the entries --overwrite may delete are defined by {@link LabelOutputFolder}.
     */
    static final class OutputFolder {
        private OutputFolder() {
        }

        /** Fails fast (before the model loads, and before anything is created) on an output that is not ours. */
        static void check(LabelConfig config) {
            if (!Files.isDirectory(config.input())) {
                throw new Autodistill4jException(config.input() + " is not a folder: `input` must name the folder "
                        + "that holds the images");
            }
            Path out = config.output();
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new DatasetWriteException(out + " is a file, not a folder: choose another `output`");
            }
            PathContainment.requireInputOutsideOutput(config.input(), out);
            if (Files.isDirectory(out) && !isEmpty(out) && !LabelOutputFolder.isOurs(out)) {
                throw new DatasetWriteException(out + " exists, is not empty and is not an autodistill4j label "
                        + "output (no run.json written by '" + LabelOutputFolder.TOOL + "'): choose a new or empty "
                        + "`output` (`overwrite` only replaces an earlier label output); nothing was changed");
            }
        }

        /**
         * Refuses, before the model loads, to resume an earlier run whose settings differ in anything known
         * without the model ({@link RunRecord#mismatchBeforeLoading}); {@link #prepare} checks the rest.
         */
        static void checkResumable(LabelConfig config) {
            Path out = config.output();
            if (config.overwrite() || !LabelOutputFolder.isOurs(out)) {
                return;
            }
            String diff = RunRecord.mismatchBeforeLoading(RunRecord.read(out.resolve(RunRecord.FILE_NAME)), config);
            if (diff != null) {
                throw changedSettings(out, diff);
            }
        }

        private static DatasetWriteException changedSettings(Path out, String diff) {
            return new DatasetWriteException(out + " holds a labelling run with other settings (" + diff
                    + "): use `overwrite` to replace it, or choose another `output`");
        }

        /** Creates the output folder and locks it for the run. */
        static OutputLock lock(LabelConfig config) {
            try {
                Files.createDirectories(config.output());
            } catch (IOException e) {
                throw new DatasetWriteException("cannot create " + config.output() + " (" + e + "): check that its "
                        + "parent folder exists and is writable", e);
            }
            return OutputLock.acquire(config.output(), "autodistill4j label");
        }

        /** Under the lock: checks again, then the resume checks or the --overwrite deletion of our entries. */
        static void prepare(LabelConfig config, Map<String, Object> now) {
            check(config);
            Path out = config.output();
            try {
                if (config.overwrite() && LabelOutputFolder.isOurs(out)) {
                    LOG.info("`overwrite`: deleting the previous labelling run in {} (only the entries label "
                            + "wrote: the files manifest.jsonl lists, then {})", out, LabelOutputFolder.OWNED_ENTRIES);
                    Set<String> reviewed = ReviewLog.filesNamed(out); // owned too: where reviews moved images
                    Path kept = ReviewLog.setAside(out);
                    if (kept != null) {
                        LOG.warn("`overwrite`: the review log of the previous run is kept as {}; apply it to the new "
                                + "labelling with: autodistill4j review {} `replay` {}", kept, out, kept);
                    }
                    LabelOutputFolder.deleteOwnedEntries(out, reviewed);
                } else if (LabelOutputFolder.isOurs(out)) {
                    Map<String, Object> earlier = RunRecord.read(out.resolve(RunRecord.FILE_NAME));
                    String diff = RunRecord.mismatch(earlier, now);
                    if (diff != null) {
                        throw changedSettings(out, diff);
                    }
                    now.put("started", earlier.getOrDefault("started", now.get("started")));
                    if (earlier.containsKey(RunJsonReview.KEY)) {
                        now.put(RunJsonReview.KEY, earlier.get(RunJsonReview.KEY)); // people reviewed this dataset
                    }
                    now.put("resumedAt", Instant.now().toString());
                    LOG.info("resuming the labelling run in {}", out);
                }
            } catch (IOException e) {
                throw new DatasetWriteException("cannot prepare " + out + ": " + e.getMessage(), e);
            }
        }

        /** Empty, or holding nothing but the lock file of an earlier (failed) attempt. */
        private static boolean isEmpty(Path dir) {
            try (Stream<Path> s = Files.list(dir)) {
                return s.allMatch(OutputLock::isLockFile); // a link named like the lock is not empty
            } catch (IOException e) {
                throw new DatasetWriteException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}
