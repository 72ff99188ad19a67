package dev.autodistill4j.search;

import dev.autodistill4j.api.Closeables;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

import static dev.autodistill4j.search.IndexDocuments.F_ID;
import static dev.autodistill4j.search.IndexDocuments.F_PATH;
import static dev.autodistill4j.search.IndexDocuments.F_VECTOR;

/**
 * A read-only view of a search index: normalised image embeddings in an embedded Lucene index, one document per
 * image (path, size, mtime, sha256 and an HNSW vector), the model identity and HNSW settings in the commit user
 * data, so an index is self-describing. Searches (approximate and exact), lookups and iteration.
 *
 * <p>This type cannot change an index — it has no {@code put}, {@code delete} or {@code commit}; those belong to
 * {@link SearchIndexWriter}, which holds the folder's lock. A reader sees the index as it was when it was
 * opened ({@link #open}: the last commit; {@link SearchIndexWriter#openReader}: everything put so far). Concurrent
 * searches on one reader are safe; {@link #setEfSearch} and {@link #setOversample} are per reader.
 */
public final class SearchIndex implements AutoCloseable {
    /** k × this many of a quantised index's HNSW candidates are rescored with the float vectors by default. */
    public static final double DEFAULT_OVERSAMPLE = 5.0;

    private final Path dir;
    /** The directory this reader opened and closes; null when a writer owns it. */
    private final Directory ownDirectory;
    private final IndexedModel model;
    private final IndexSettings settings;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private volatile int efSearch;
    private volatile double oversample = DEFAULT_OVERSAMPLE;

    SearchIndex(Path dir, Directory ownDirectory, IndexedModel model, IndexSettings settings,
                DirectoryReader reader) {
        this.dir = dir;
        this.ownDirectory = ownDirectory;
        this.model = model;
        this.settings = settings;
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        this.efSearch = settings.efSearch();
    }

    /** Opens an existing index for searching; a missing or foreign folder is a clear error. */
    public static SearchIndex open(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new SearchIndexException("no search index at " + abs + ": the folder does not exist; build one with "
                    + "'autodistill4j index `model` MODEL `images` DIR `index` " + dir + "'");
        }
        Directory directory = null;
        try {
            directory = FSDirectory.open(abs);
            if (!DirectoryReader.indexExists(directory)) {
                throw new SearchIndexException("no search index at " + abs + ": the folder holds no index; build one "
                        + "with 'autodistill4j index `model` MODEL `images` DIR `index` " + dir + "'");
            }
            DirectoryReader reader = DirectoryReader.open(directory);
            Map<String, String> data = reader.getIndexCommit().getUserData();
            IndexedModel model;
            try {
                model = IndexFormat.requireModel(abs, data);
            } catch (RuntimeException e) {
                IndexErrors.closeQuietly(reader);
                throw e;
            }
            return new SearchIndex(abs, directory, model, IndexFormat.settingsOf(data), reader);
        } catch (IOException e) {
            IndexErrors.closeQuietly(directory);
            throw new SearchIndexException("cannot read the search index at " + abs + " (" + e.getMessage()
                    + "): it is damaged or not a search index; delete the folder and run 'autodistill4j index' again",
                    e);
        } catch (RuntimeException e) {
            IndexErrors.closeQuietly(directory);
            throw e;
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
        return IndexDocuments.idOf(path);
    }

    /** Approximate (HNSW) top-k by cosine similarity; {@code query} must be unit length. */
    public List<SearchHit> search(float[] query, int k) {
        checkQuery(query, k);
        double factor = oversample;
        boolean rescore = settings.quantization().quantized() && factor > 0;
        int rescored = rescore ? (int) Math.max(k, Math.ceil(k * factor)) : k;
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
            throw IndexErrors.readFailure(dir, e);
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
                KnnVectorValues.DocIndexIterator it = values.iterator();
                for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    double s = FloatRescorer.similarity(query, values.vectorValue(it.index()), isCosine());
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
            throw IndexErrors.readFailure(dir, e);
        }
    }

    private boolean isCosine() {
        return settings.similarity() == VectorSimilarity.COSINE;
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
            forEachImage(reader, withVectors, out::add);
            return out;
        } catch (IOException e) {
            throw IndexErrors.readFailure(dir, e);
        }
    }

    /** Something done with each image of an index; may fail with the I/O of a writer it feeds. */
    interface ImageAction {
        void accept(IndexedImage image) throws IOException;
    }

    /**
     * Hands every live image of {@code reader} to {@code action}, in index order, with a copy of its vector when
     * {@code withVectors}: one document at a time, so it streams an index of any size.
     */
    static void forEachImage(IndexReader reader, boolean withVectors, ImageAction action) throws IOException {
        for (LeafReaderContext ctx : reader.leaves()) {
            LeafReader leaf = ctx.reader();
            Bits live = leaf.getLiveDocs();
            StoredFields stored = leaf.storedFields();
            FloatVectorValues values = withVectors ? leaf.getFloatVectorValues(F_VECTOR) : null;
            KnnVectorValues.DocIndexIterator it = values == null ? null : values.iterator();
            for (int doc = 0; doc < leaf.maxDoc(); doc++) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                float[] vector = null;
                if (it != null && it.docID() < doc) {
                    it.advance(doc);
                }
                if (it != null && it.docID() == doc) {
                    vector = values.vectorValue(it.index()).clone();
                }
                action.accept(IndexDocuments.toImage(stored.document(doc), vector));
            }
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
            return Optional.of(IndexDocuments.toImage(searcher.storedFields().document(top.scoreDocs[0].doc), null));
        } catch (IOException e) {
            throw IndexErrors.readFailure(dir, e);
        }
    }

    /** Closes the Lucene reader (and the directory, when this reader opened it itself). */
    @Override
    public void close() {
        Closeables.closeAll("the search index at " + dir, reader, ownDirectory); // directory even if reader throws
    }
}
