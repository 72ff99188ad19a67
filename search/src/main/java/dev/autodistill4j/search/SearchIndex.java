package dev.autodistill4j.search;

import dev.autodistill4j.datasets.OutputLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Normalised image embeddings in an embedded Lucene index: one document per image (path, size, mtime, sha256 and
 * an HNSW {@link KnnFloatVectorField}); the model identity and HNSW settings in the commit user data, so an index
 * is self-describing and refuses embeddings of another model.
 *
 * <p>Opened read-only ({@link #open}) for search, or writable ({@link #openForWriting}) for the incremental
 * indexer. Not thread-safe for writing; concurrent searches on a read-only index are safe.
 */
public final class SearchIndex implements AutoCloseable {
    static final String F_ID = "id";
    static final String F_PATH = "path";
    private static final String F_SIZE = "size";
    private static final String F_MTIME = "mtime";
    private static final String F_SHA = "sha256";
    private static final String F_VECTOR = "vector";

    private final Path dir;
    private final Directory directory;
    private final IndexedModel model;
    private IndexSettings settings;
    private final IndexWriter writer;
    private DirectoryReader reader;
    private IndexSearcher searcher;
    private int efSearch;
    private double oversample = DEFAULT_OVERSAMPLE;

    /** k × this many of a quantised index's HNSW candidates are rescored with the float vectors by default. */
    public static final double DEFAULT_OVERSAMPLE = 5.0;

    /** Held by a writable index from open to close, so a second writer fails naming the first. */
    private OutputLock lock;

    private SearchIndex(Path dir, Directory directory, IndexedModel model, IndexSettings settings,
                        IndexWriter writer, DirectoryReader reader) {
        this.dir = dir;
        this.directory = directory;
        this.model = model;
        this.settings = settings;
        this.writer = writer;
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        this.efSearch = settings.efSearch();
    }

    /** Opens an existing index for searching; a missing or foreign folder is a clear error. */
    public static SearchIndex open(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new SearchIndexException("no search index at " + abs + ": the folder does not exist; build one with "
                    + "'autodistill4j index --model MODEL --images DIR --index " + dir + "'");
        }
        Directory directory = null;
        try {
            directory = FSDirectory.open(abs);
            if (!DirectoryReader.indexExists(directory)) {
                throw new SearchIndexException("no search index at " + abs + ": the folder holds no index; build one "
                        + "with 'autodistill4j index --model MODEL --images DIR --index " + dir + "'");
            }
            DirectoryReader reader = DirectoryReader.open(directory);
            Map<String, String> data = reader.getIndexCommit().getUserData();
            IndexedModel model = IndexFormat.requireModel(abs, data);
            return new SearchIndex(abs, directory, model, IndexFormat.settingsOf(data), null, reader);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new SearchIndexException("cannot read the search index at " + abs + " (" + e.getMessage()
                    + "): it is damaged or not a search index; delete the folder and run 'autodistill4j index' again",
                    e);
        } catch (RuntimeException e) {
            closeQuietly(directory);
            throw e;
        }
    }

    /**
     * Opens (or creates) an index to add {@code model}'s embeddings. An existing index keeps its own HNSW
     * settings ({@code settings} applies to new indexes only) and must have been built with the same model.
     */
    public static SearchIndex openForWriting(Path dir, IndexedModel model, IndexSettings settings) {
        return openForWriting(dir, model, settings, DEFAULT_RAM_BUFFER_MB);
    }

    /** Lucene's indexing buffer used by {@code index}: segments of ~128k 512-d vectors, merged as they accumulate. */
    public static final double DEFAULT_RAM_BUFFER_MB = 256;

    /**
     * As {@link #openForWriting(Path, IndexedModel, IndexSettings)} with Lucene's indexing buffer set: HNSW graphs
     * are rebuilt when segments merge, so a bulk load of millions of vectors (the benchmark) runs far faster with
     * few large segments. Lucene flushes one thread's buffer at 1945 MB whatever is asked.
     *
     * @param ramBufferMb indexing buffer in MB, 16 to 1945
     */
    public static SearchIndex openForWriting(Path dir, IndexedModel model, IndexSettings settings,
                                             double ramBufferMb) {
        if (!(ramBufferMb >= 16 && ramBufferMb <= 1945)) {
            throw new SearchIndexException("the indexing buffer must be 16 to 1945 MB, got " + ramBufferMb);
        }
        IndexSettings.checkDimension(model.dimension());
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new SearchIndexException("--index " + abs + " is a file, not a folder: give a folder for the index");
        }
        Directory directory = null;
        IndexWriter writer = null;
        OutputLock lock = null;
        try {
            Files.createDirectories(abs);
            lock = OutputLock.acquire(abs, "autodistill4j index");
            directory = FSDirectory.open(abs);
            IndexSettings effective = settings;
            Map<String, String> existing = null;
            if (DirectoryReader.indexExists(directory)) {
                try (DirectoryReader r = DirectoryReader.open(directory)) {
                    existing = r.getIndexCommit().getUserData();
                }
                IndexedModel stored = IndexFormat.requireModel(abs, existing);
                if (!stored.sameModelAs(model)) {
                    throw new IndexModelMismatchException("the index at " + abs + " holds embeddings of "
                            + stored.describe() + ", not of " + model.describe() + ": embeddings of different "
                            + "models cannot be mixed; use --model " + stored.spec() + " or a new --index folder");
                }
                effective = IndexFormat.settingsOf(existing);
            } else if (hasFiles(abs)) {
                throw new SearchIndexException("--index " + abs + " is a folder with other files in it, not a search "
                        + "index: give an empty or new folder so nothing of yours is overwritten");
            }
            IndexWriterConfig config = new IndexWriterConfig().setCodec(IndexFormat.codec(effective))
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND).setRAMBufferSizeMB(ramBufferMb);
            writer = new IndexWriter(directory, config);
            Map<String, String> data = new HashMap<>(existing == null ? Map.of() : existing);
            data.putAll(IndexFormat.userData(model, effective));
            writer.setLiveCommitData(data.entrySet());
            DirectoryReader reader = DirectoryReader.open(writer);
            SearchIndex index = new SearchIndex(abs, directory, model, effective, writer, reader);
            index.lock = lock;
            return index;
        } catch (LockObtainFailedException e) {
            closeQuietly(writer);
            closeQuietly(directory);
            closeQuietly(lock);
            throw new SearchIndexException("the index at " + abs + " is being written by another process (" +
                    "write.lock is held): wait for the other 'autodistill4j index' to finish", e);
        } catch (IOException e) {
            closeQuietly(writer);
            closeQuietly(directory);
            closeQuietly(lock);
            throw new SearchIndexException("cannot open the search index at " + abs + " for writing (" + e.getMessage()
                    + "): check the folder is writable, or delete it and index again", e);
        } catch (RuntimeException e) {
            closeQuietly(writer);
            closeQuietly(directory);
            closeQuietly(lock);
            throw e;
        }
    }

    private static boolean hasFiles(Path p) throws IOException {
        try (var s = Files.list(p)) {
            return s.anyMatch(f -> !f.getFileName().toString().equals(OutputLock.FILE_NAME));
        }
    }

    public Path directory() {
        return dir;
    }

    public IndexedModel model() {
        return model;
    }

    public IndexSettings settings() {
        return settings;
    }

    /** Candidates HNSW explores per query (at least k); raise for recall, lower for speed. */
    public void setEfSearch(int ef) {
        if (ef < 1) {
            throw new SearchIndexException("efSearch must be at least 1, got " + ef);
        }
        this.efSearch = ef;
    }

    /**
     * How many candidates a quantised index rescores exactly, as a multiple of k: HNSW collects
     * {@code max(efSearch, ceil(k × factor))} candidates by quantised score, the best {@code ceil(k × factor)} are
     * rescored with the stored float vectors and the top k of those are returned. 0 turns rescoring off (the
     * quantised scores and order are returned). No effect on a float index.
     */
    public void setOversample(double factor) {
        if (!(factor == 0 || (factor >= 1 && factor <= 1000))) {
            throw new SearchIndexException("oversample must be 0 (no rescoring) or between 1 and 1000, got " + factor);
        }
        this.oversample = factor;
    }

    /** Number of images in the index. */
    public int size() {
        return reader.numDocs();
    }

    /** Stable document key of a path: the first 16 hex digits of its sha256. */
    public static String idOf(String path) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Approximate (HNSW) top-k by cosine similarity; {@code query} must be unit length. */
    public List<SearchHit> search(float[] query, int k) {
        checkQuery(query, k);
        boolean rescore = settings.quantization().quantized() && oversample > 0;
        int rescored = rescore ? (int) Math.max(k, Math.ceil(k * oversample)) : k;
        int n = Math.max(rescored, efSearch);
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(F_VECTOR, query, n), n);
            ScoreDoc[] ranked = top.scoreDocs;
            if (rescore) {
                ranked = FloatRescorer.rescore(reader, F_VECTOR, query,
                        Arrays.copyOf(ranked, Math.min(ranked.length, rescored)), isCosine());
            }
            List<SearchHit> hits = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : ranked) {
                if (hits.size() == k) {
                    break;
                }
                Document d = stored.document(sd.doc);
                hits.add(new SearchHit(d.get(F_ID), d.get(F_PATH), rescore ? sd.score : 2.0 * sd.score - 1.0));
            }
            return hits;
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** Exact top-k by brute-force scan of every vector: the ground truth approximate search is measured against. */
    public List<SearchHit> searchExact(float[] query, int k) {
        checkQuery(query, k);
        PriorityQueue<double[]> best = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        try {
            for (LeafReaderContext ctx : reader.leaves()) {
                LeafReader leaf = ctx.reader();
                FloatVectorValues values = leaf.getFloatVectorValues(F_VECTOR);
                if (values == null) {
                    continue;
                }
                Bits live = leaf.getLiveDocs();
                for (int doc = values.nextDoc(); doc != FloatVectorValues.NO_MORE_DOCS; doc = values.nextDoc()) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    double s = FloatRescorer.similarity(query, values.vectorValue(), isCosine());
                    if (best.size() < k) {
                        best.add(new double[] {s, ctx.docBase + doc});
                    } else if (s > best.peek()[0]) {
                        best.poll();
                        best.add(new double[] {s, ctx.docBase + doc});
                    }
                }
            }
            List<double[]> sorted = new ArrayList<>(best);
            sorted.sort((a, b) -> Double.compare(b[0], a[0]));
            StoredFields stored = searcher.storedFields();
            List<SearchHit> hits = new ArrayList<>();
            for (double[] e : sorted) {
                Document d = stored.document((int) e[1]);
                hits.add(new SearchHit(d.get(F_ID), d.get(F_PATH), e[0]));
            }
            return hits;
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    private boolean isCosine() {
        return settings.similarity().equals("cosine");
    }

    private void checkQuery(float[] query, int k) {
        if (query.length != model.dimension()) {
            throw new IndexModelMismatchException("the query has " + query.length + " dimensions but the index at "
                    + dir + " holds " + model.dimension() + "-dimensional embeddings of " + model.spec()
                    + ": query with the model the index was built with");
        }
        if (k < 1) {
            throw new SearchIndexException("k must be at least 1, got " + k);
        }
    }

    /** Every image in the index, in index order, with or without its vector. */
    public List<IndexedImage> images(boolean withVectors) {
        List<IndexedImage> out = new ArrayList<>();
        try {
            for (LeafReaderContext ctx : reader.leaves()) {
                LeafReader leaf = ctx.reader();
                Bits live = leaf.getLiveDocs();
                StoredFields stored = leaf.storedFields();
                FloatVectorValues values = withVectors ? leaf.getFloatVectorValues(F_VECTOR) : null;
                for (int doc = 0; doc < leaf.maxDoc(); doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    float[] vector = null;
                    if (values != null && values.docID() < doc) {
                        values.advance(doc);
                    }
                    if (values != null && values.docID() == doc) {
                        vector = values.vectorValue().clone();
                    }
                    out.add(toImage(stored.document(doc), vector));
                }
            }
            return out;
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** The image with this stable key, if it is in the index. */
    public Optional<IndexedImage> byId(String id) {
        return findOne(new Term(F_ID, id));
    }

    /** The image stored under exactly this path string, if it is in the index. */
    public Optional<IndexedImage> byPath(String path) {
        return findOne(new Term(F_PATH, path));
    }

    private Optional<IndexedImage> findOne(Term term) {
        try {
            TopDocs top = searcher.search(new TermQuery(term), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(toImage(searcher.storedFields().document(top.scoreDocs[0].doc), null));
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    private static IndexedImage toImage(Document d, float[] vector) {
        return new IndexedImage(d.get(F_ID), d.get(F_PATH), d.getField(F_SIZE).numericValue().longValue(),
                d.getField(F_MTIME).numericValue().longValue(), d.get(F_SHA), vector);
    }

    /** Adds or replaces the document of {@code image.path()}; the vector must be unit length. */
    public void put(IndexedImage image) {
        requireWriter();
        if (image.vector() == null || image.vector().length != model.dimension()) {
            throw new IndexModelMismatchException("embedding of " + image.path() + " has "
                    + (image.vector() == null ? 0 : image.vector().length) + " dimensions, the index expects "
                    + model.dimension());
        }
        Document d = new Document();
        d.add(new StringField(F_ID, idOf(image.path()), Field.Store.YES));
        d.add(new StringField(F_PATH, image.path(), Field.Store.YES));
        d.add(new StoredField(F_SIZE, image.size()));
        d.add(new StoredField(F_MTIME, image.mtime()));
        d.add(new StoredField(F_SHA, image.sha256()));
        d.add(new KnnFloatVectorField(F_VECTOR, image.vector(), settings.function()));
        try {
            writer.updateDocument(new Term(F_PATH, image.path()), d);
        } catch (IOException e) {
            throw writeFailure(e);
        }
    }

    /** Removes the document of this path (no-op when absent). */
    public void delete(String path) {
        requireWriter();
        try {
            writer.deleteDocuments(new Term(F_PATH, path));
        } catch (IOException e) {
            throw writeFailure(e);
        }
    }

    /** Makes every change so far durable and visible to new searches. */
    public void commit() {
        requireWriter();
        try {
            writer.commit();
            DirectoryReader fresh = DirectoryReader.openIfChanged(reader, writer);
            if (fresh != null) {
                reader.close();
                reader = fresh;
                searcher = new IndexSearcher(reader);
            }
        } catch (IOException e) {
            throw writeFailure(e);
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
        requireWriter();
        if (target == settings.quantization()) {
            return false;
        }
        commit();
        IndexSettings next = settings.withQuantization(target);
        try {
            IndexConversion.rewrite(dir, writer, settings, next);
        } catch (IOException e) {
            throw writeFailure(e);
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
        requireWriter();
        try {
            writer.forceMerge(1);
        } catch (IOException e) {
            throw writeFailure(e);
        }
        commit();
    }

    private void requireWriter() {
        if (writer == null) {
            throw new IllegalStateException("index opened read-only: use SearchIndex.openForWriting");
        }
    }

    private SearchIndexException readFailure(IOException e) {
        return new SearchIndexException("cannot read the search index at " + dir + " (" + e.getMessage()
                + "): it may be damaged; delete it and run 'autodistill4j index' again", e);
    }

    private SearchIndexException writeFailure(IOException e) {
        return new SearchIndexException("cannot write the search index at " + dir + " (" + e.getMessage()
                + "): check free disk space and permissions", e);
    }

    @Override
    public void close() {
        try {
            reader.close();
            if (writer != null) {
                writer.close();
            }
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the search index at " + dir, e);
        } finally {
            closeQuietly(lock);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing; the original error is the useful one
            }
        }
    }
}
