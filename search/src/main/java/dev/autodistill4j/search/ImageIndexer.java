package dev.autodistill4j.search;

import dev.autodistill4j.datasets.SourceKey;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.FiniteValues;
import dev.autodistill4j.api.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Brings an index up to date with folders of images, the way rclip does: files whose size and mtime match
 * the index are skipped, changed files are re-embedded, files gone from disk are removed. Unreadable images
 * are reported and skipped, never fatal. Changes are committed every few batches, so an interrupted run keeps
 * what it finished.
 */
public final class ImageIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(ImageIndexer.class);
    private static final int COMMIT_EVERY = 512;

    private final EmbeddingModel model;
    private final ImageLoader loader;
    private final Function<Path, List<Path>> lister;
    private final int batchSize;
    private final ProgressListener progress;

    /** An indexer with the standard decoder and folder walker ({@link ImageFiles#walk}). */
    public ImageIndexer(EmbeddingModel model, int batchSize, ProgressListener progress) {
        this(model, ImageLoader.standard(), ImageFiles::walk, batchSize, progress);
    }

    /**
     * @param lister lists the image files below a folder, sorted (the CLI passes the project's walker)
     */
    public ImageIndexer(EmbeddingModel model, ImageLoader loader, Function<Path, List<Path>> lister, int batchSize,
                        ProgressListener progress) {
        if (batchSize < 1) {
            throw new SearchIndexException("batch size must be at least 1, got " + batchSize);
        }
        this.model = model;
        this.loader = loader;
        this.lister = lister;
        this.batchSize = batchSize;
        this.progress = ProgressListener.orNone(progress);
    }

    /**
     * Indexes every image below {@code roots} into {@code index}, incrementally: what is already there is read
     * through a near-real-time reader of the same writer.
     */
    public IndexReport update(SearchIndexWriter index, List<Path> roots) {
        List<Path> absRoots = absoluteFolders(roots);
        Map<String, IndexedImage> existing = new HashMap<>();
        try (SearchIndex before = index.openReader()) {
            for (IndexedImage img : before.images(false)) {
                existing.put(img.path(), img);
            }
        }
        Tally tally = new Tally();
        List<Path> todo = new ArrayList<>();
        Set<String> onDisk = new HashSet<>();
        for (Path root : absRoots) {
            for (Path file : lister.apply(root)) {
                String key = SourceKey.of(file); // the path, escaped only where its bytes are not text
                if (!onDisk.add(key)) {
                    continue;
                }
                IndexedImage old = existing.get(key);
                if (old != null && sameFile(file, old)) {
                    tally.unchanged++;
                } else {
                    todo.add(file.toAbsolutePath().normalize());
                }
            }
        }
        for (String path : existing.keySet()) {
            if (!onDisk.contains(path) && underAny(path, absRoots)) {
                index.delete(path);
                tally.removed++;
            }
        }
        int sinceCommit = 0;
        progress.update("index", 0, todo.size());
        for (int start = 0; start < todo.size(); start += batchSize) {
            List<Path> batch = todo.subList(start, Math.min(todo.size(), start + batchSize));
            indexBatch(index, batch, existing, tally);
            sinceCommit += batch.size();
            if (sinceCommit >= COMMIT_EVERY) {
                index.commit();
                sinceCommit = 0;
            }
            progress.update("index", Math.min(todo.size(), start + batchSize), todo.size());
        }
        index.commit();
        progress.finished("index");
        return new IndexReport(tally.added, tally.updated, tally.unchanged, tally.removed, tally.failures,
                index.size());
    }

    /** What one {@link #update} did so far. */
    private static final class Tally {
        int added;
        int updated;
        int unchanged;
        int removed;
        final List<IndexReport.Failure> failures = new ArrayList<>();
    }

    private static List<Path> absoluteFolders(List<Path> roots) {
        List<Path> absRoots = new ArrayList<>();
        for (Path r : roots) {
            Path abs = r.toAbsolutePath().normalize();
            if (!Files.isDirectory(abs)) {
                throw new SearchIndexException("`images` " + abs + " is not a folder: give a folder of images");
            }
            absRoots.add(abs);
        }
        return absRoots;
    }

    /** Decodes and embeds one batch and puts it; an unreadable file is reported and its old entry removed. */
    private void indexBatch(SearchIndexWriter index, List<Path> batch, Map<String, IndexedImage> existing,
                            Tally tally) {
        List<IndexedImage> meta = new ArrayList<>();
        List<BufferedImage> pixels = new ArrayList<>();
        for (Path file : batch) {
            String key = SourceKey.of(file);
            try {
                long size = Files.size(file);
                long mtime = Files.getLastModifiedTime(file).toMillis();
                String sha = sha256(file);
                pixels.add(loader.load(file));
                meta.add(new IndexedImage(SearchIndex.idOf(key), key, size, mtime, sha, null));
            } catch (IOException | Autodistill4jException e) {
                String msg = e.getMessage();
                LOG.warn("skipping {}: {}", file, msg);
                tally.failures.add(new IndexReport.Failure(key, msg));
                if (existing.containsKey(key)) {
                    index.delete(key);
                    tally.removed++;
                }
            }
        }
        if (pixels.isEmpty()) {
            return;
        }
        List<float[]> vectors = model.embedImages(pixels);
        for (int i = 0; i < meta.size(); i++) {
            IndexedImage m = meta.get(i);
            index.put(new IndexedImage(m.id(), m.path(), m.size(), m.mtime(), m.sha256(),
                    Embeddings.normalize(FiniteValues.require(vectors.get(i), "the embedding of " + m.path()))));
            if (existing.containsKey(m.path())) {
                tally.updated++;
            } else {
                tally.added++;
            }
        }
    }

    private static boolean sameFile(Path file, IndexedImage old) {
        try {
            return Files.size(file) == old.size() && Files.getLastModifiedTime(file).toMillis() == old.mtime();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean underAny(String path, List<Path> roots) {
        Path p = SourceKey.toPath(path);
        return roots.stream().anyMatch(p::startsWith);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digesting
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
