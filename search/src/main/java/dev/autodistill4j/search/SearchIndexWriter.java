package dev.autodistill4j.search;

import dev.autodistill4j.api.Closeables;

import dev.autodistill4j.datasets.OutputLock;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The one writer of a search index folder: adds, replaces and removes images' embeddings, commits, merges and
 * converts the vector format. It owns everything writing needs and releases all of it on {@link #close}: the
 * folder's {@link OutputLock} (a second writer fails naming the first), Lucene's {@link IndexWriter} and the
 * {@link MergeThreads} that build merged HNSW graphs.
 *
 * <p>Indexing code that must also read (which images are there already, how many now) asks for a near-real-time
 * {@link SearchIndex} with {@link #openReader}: it sees everything put so far and is the caller's to close,
 * before this writer. Searching an index that nobody writes uses {@link SearchIndex#open} and needs no lock.
 * Not thread-safe except {@link #put} and {@link #delete}, which Lucene allows from several threads.
 */
public final class SearchIndexWriter implements AutoCloseable {
    /** Lucene's indexing buffer used by {@code index}: segments of ~128k 512-d vectors, merged as they accumulate. */
    public static final double DEFAULT_RAM_BUFFER_MB = 256;

    private final Path dir;
    private final Directory directory;
    private final IndexedModel model;
    private final IndexWriter writer;
    private final OutputLock lock;
    private final MergeThreads merges;
    private IndexSettings settings;

    private SearchIndexWriter(Path dir, Directory directory, IndexedModel model, IndexSettings settings,
                              IndexWriter writer, OutputLock lock, MergeThreads merges) {
        this.dir = dir;
        this.directory = directory;
        this.model = model;
        this.settings = settings;
        this.writer = writer;
        this.lock = lock;
        this.merges = merges;
    }

    /**
     * Opens (or creates) an index to add {@code model}'s embeddings. An existing index keeps its own HNSW
     * settings ({@code settings} applies to new indexes only) and must have been built with the same model. An
     * index written by Lucene 9.12 is first converted to this Lucene's format in place (saying so on stderr;
     * see {@link IndexConversion#upgrade}): searching reads it as it is, the first write converts it.
     */
    public static SearchIndexWriter open(Path dir, IndexedModel model, IndexSettings settings) {
        return open(dir, model, settings, DEFAULT_RAM_BUFFER_MB);
    }

    /**
     * As {@link #open(Path, IndexedModel, IndexSettings)} with Lucene's indexing buffer set: HNSW graphs are
     * rebuilt when segments merge, so a bulk load of millions of vectors (the benchmark) runs far faster with few
     * large segments. Lucene flushes one thread's buffer at 1945 MB whatever is asked.
     *
     * @param ramBufferMb indexing buffer in MB, 16 to 1945
     */
    public static SearchIndexWriter open(Path dir, IndexedModel model, IndexSettings settings, double ramBufferMb) {
        return open(dir, model, settings, ramBufferMb, MergeThreads.perCore());
    }

    /** As above, merging on {@code merges}, which the writer then owns (closed with it, or at once on failure). */
    static SearchIndexWriter open(Path dir, IndexedModel model, IndexSettings settings, double ramBufferMb,
                                  MergeThreads merges) {
        Path abs = dir.toAbsolutePath().normalize();
        Directory directory = null;
        IndexWriter writer = null;
        OutputLock lock = null;
        try {
            if (!(ramBufferMb >= 16 && ramBufferMb <= 1945)) {
                throw new SearchIndexException("the indexing buffer must be 16 to 1945 MB, got " + ramBufferMb);
            }
            IndexSettings.checkDimension(model.dimension());
            if (Files.exists(abs) && !Files.isDirectory(abs)) {
                throw new SearchIndexException("`index` " + abs + " is a file, not a folder: give a folder for the "
                        + "index");
            }
            Files.createDirectories(abs);
            lock = OutputLock.acquire(abs, "autodistill4j index");
            directory = FSDirectory.open(abs);
            Map<String, String> existing = existingUserData(abs, directory, model);
            IndexSettings effective = existing == null ? settings : IndexFormat.settingsOf(existing);
            if (existing != null && IndexConversion.needsUpgrade(directory)) {
                Map<String, String> upgraded = new HashMap<>(existing);
                upgraded.putAll(IndexFormat.userData(model, effective));
                IndexConversion.upgrade(abs, directory, upgraded, effective, merges, ramBufferMb);
            }
            IndexWriterConfig config = new IndexWriterConfig().setCodec(IndexFormat.codec(effective, merges))
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND).setRAMBufferSizeMB(ramBufferMb);
            writer = new IndexWriter(directory, config);
            Map<String, String> data = new HashMap<>(existing == null ? Map.of() : existing);
            data.putAll(IndexFormat.userData(model, effective));
            writer.setLiveCommitData(data.entrySet());
            return new SearchIndexWriter(abs, directory, model, effective, writer, lock, merges);
        } catch (LockObtainFailedException e) {
            IndexErrors.closeQuietly(writer, directory, lock, merges);
            throw new SearchIndexException("the index at " + abs + " is being written by another process (" +
                    "write.lock is held): wait for the other 'autodistill4j index' to finish", e);
        } catch (IOException e) {
            IndexErrors.closeQuietly(writer, directory, lock, merges);
            throw new SearchIndexException("cannot open the search index at " + abs + " for writing (" + e.getMessage()
                    + "): check the folder is writable, or delete it and index again", e);
        } catch (RuntimeException e) {
            IndexErrors.closeQuietly(writer, directory, lock, merges);
            throw e;
        }
    }

    /** The commit data of the index already in {@code directory} (null for a new one), checked to be ours. */
    private static Map<String, String> existingUserData(Path abs, Directory directory, IndexedModel model)
            throws IOException {
        if (!DirectoryReader.indexExists(directory)) {
            if (hasFiles(abs)) {
                throw new SearchIndexException("`index` " + abs + " is a folder with other files in it, not a search "
                        + "index: give an empty or new folder so nothing of yours is overwritten");
            }
            return null;
        }
        Map<String, String> existing;
        try (DirectoryReader r = DirectoryReader.open(directory)) {
            existing = r.getIndexCommit().getUserData();
        }
        IndexedModel stored = IndexFormat.requireModel(abs, existing);
        if (!stored.sameModelAs(model)) {
            throw new IndexModelMismatchException("the index at " + abs + " holds embeddings of "
                    + stored.describe() + ", not of " + model.describe() + ": embeddings of different "
                    + "models cannot be mixed; use `model` " + stored.spec() + " or a new `index` folder");
        }
        return existing;
    }

    private static boolean hasFiles(Path p) throws IOException {
        try (var s = Files.list(p)) {
            return s.anyMatch(f -> !OutputLock.isLockFile(f)); // a link named like the lock is a file of yours
        }
    }

    public Path directory() {
        return dir;
    }

    public IndexedModel model() {
        return model;
    }

    /** The settings new segments are written with (an existing index's own, or those it was converted to). */
    public IndexSettings settings() {
        return settings;
    }

    /**
     * A near-real-time reader of this index: everything put or deleted so far, committed or not. The caller owns
     * it and closes it (before this writer); it does not change when this writer goes on writing.
     */
    public SearchIndex openReader() {
        try {
            return new SearchIndex(dir, null, model, settings, DirectoryReader.open(writer));
        } catch (IOException e) {
            throw IndexErrors.readFailure(dir, e);
        }
    }

    /** Number of images in the index, counting every change so far (committed or not). */
    public int size() {
        try (SearchIndex now = openReader()) {
            return now.size();
        }
    }

    /** Adds or replaces the document of {@code image.path()}; the vector must be unit length. */
    public void put(IndexedImage image) {
        if (image.vector() == null || image.vector().length != model.dimension()) {
            throw new IndexModelMismatchException("embedding of " + image.path() + " has "
                    + (image.vector() == null ? 0 : image.vector().length) + " dimensions, the index expects "
                    + model.dimension());
        }
        try {
            writer.updateDocument(new Term(IndexDocuments.F_PATH, image.path()),
                    IndexDocuments.toDocument(image, settings));
        } catch (IOException e) {
            throw IndexErrors.writeFailure(dir, e);
        }
    }

    /** Removes the document of this path (no-op when absent). */
    public void delete(String path) {
        try {
            writer.deleteDocuments(new Term(IndexDocuments.F_PATH, path));
        } catch (IOException e) {
            throw IndexErrors.writeFailure(dir, e);
        }
    }

    /** Makes every change so far durable and visible to readers opened from now on. */
    public void commit() {
        try {
            writer.commit();
        } catch (IOException e) {
            throw IndexErrors.writeFailure(dir, e);
        }
    }

    /**
     * Rewrites every vector of this index in {@code target}'s format from the stored float vectors (nothing is
     * re-embedded) and records {@code target}, so later readers and writers use it. All segments are merged into
     * one. The new state becomes visible in one commit: interrupted, the index stays as it was.
     *
     * @return false when the index already uses {@code target} (nothing is rewritten)
     */
    public boolean convert(Quantization target) {
        if (target == settings.quantization()) {
            return false;
        }
        commit();
        IndexSettings next = settings.withQuantization(target);
        try {
            IndexConversion.rewrite(dir, writer, settings, next);
        } catch (IOException e) {
            throw IndexErrors.writeFailure(dir, e);
        }
        settings = next;
        Map<String, String> data = new HashMap<>();
        writer.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
        data.putAll(IndexFormat.userData(model, next));
        writer.setLiveCommitData(data.entrySet());
        commit();
        return true;
    }

    /** Merges segments to one so HNSW search visits a single graph (slow for big indexes; for benchmarks). */
    public void forceMerge() {
        try {
            writer.forceMerge(1);
        } catch (IOException e) {
            throw IndexErrors.writeFailure(dir, e);
        }
        commit();
    }

    /**
     * Closes Lucene's writer (which commits pending changes and waits for running merges), then the merge
     * threads, the directory and the lock — in that order, all of them even when one fails.
     */
    @Override
    public void close() {
        try {
            Closeables.closeAll("the search index at " + dir, writer, directory); // directory even if writer throws
        } finally {
            IndexErrors.closeQuietly(merges, lock);
        }
    }
}
