package dev.autodistill4j.search;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the segments of an index in another format, reading the float vectors Lucene keeps in every format —
 * no image is decoded or embedded again. Two cases: another vectors format of this Lucene ({@link #rewrite}, for
 * {@code index --convert}), and an index written by an older Lucene major version ({@link #upgrade}, done by
 * the first writer that opens it). Either way the old segments stay on disk, and in the last commit, until the
 * rewritten ones are committed (one atomic rename of Lucene's {@code segments_N}), so an interrupted conversion
 * leaves the index as it was, and the next writer deletes what the interrupted one left unreferenced.
 */
final class IndexConversion {
    private static final Logger LOG = LoggerFactory.getLogger(IndexConversion.class);

    private IndexConversion() {
    }

    /**
     * True when the index in {@code directory} was created by an older Lucene major version than this one (9.12
     * indexes, read through lucene-backward-codecs). Lucene reads indexes created one major version back only,
     * so such an index must be rewritten as a new-version index before the next Lucene upgrade can read it.
     */
    static boolean needsUpgrade(Directory directory) throws IOException {
        return SegmentInfos.readLatestCommit(directory).getIndexCreatedVersionMajor() < Version.LATEST.major;
    }

    /**
     * Rewrites the older-version index in {@code directory} as an index of this Lucene version, in place: a writer
     * opened with {@code CREATE} starts an empty new commit in the same folder (the old commit stays the last one
     * until this one is committed), every live image is read from the old segments — stored fields and float
     * vector, one document at a time — and added again as a document of {@link IndexDocuments}, building the HNSW
     * graph in {@code settings}' vectors format, and the commit (with {@code userData}) replaces the old commit
     * atomically. Documents are re-added rather than merged with {@code addIndexes}: Lucene refuses to merge
     * segments of an older major version into a new index, and our documents are exactly what
     * {@link IndexDocuments} reads back. Killed before that commit, the folder still opens as the old index; the
     * new files left behind are unreferenced and deleted by the next writer. Says on stderr (through the log)
     * what it does, as it takes one HNSW build of the whole index.
     */
    static void upgrade(Path dir, Directory directory, Map<String, String> userData, IndexSettings settings,
                        MergeThreads merges, double ramBufferMb) throws IOException {
        long start = System.nanoTime();
        try (DirectoryReader old = DirectoryReader.open(directory)) {
            int created = SegmentInfos.readLatestCommit(directory).getIndexCreatedVersionMajor();
            LOG.warn("converting the search index at {} from the Lucene {} format to Lucene {} ({} images): the "
                    + "stored vectors are copied into a new commit, nothing is re-embedded; if this is interrupted "
                    + "the index stays as it was and the next write converts it again", dir, created,
                    Version.LATEST, old.numDocs());
            IndexWriterConfig config = new IndexWriterConfig().setCodec(IndexFormat.codec(settings, merges))
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE).setRAMBufferSizeMB(ramBufferMb);
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                SearchIndex.forEachImage(old, true,
                        image -> writer.addDocument(IndexDocuments.toDocument(image, settings)));
                writer.setLiveCommitData(userData.entrySet());
                writer.commit();
            }
        }
        LOG.info("converted the search index at {} to Lucene {} in {} s", dir, Version.LATEST,
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    }

    /**
     * Switches the writer's codec to {@code next} and force-merges all current segments into one new segment;
     * on failure the codec goes back to {@code previous}. Does not commit.
     */
    static void rewrite(Path dir, IndexWriter writer, IndexSettings previous, IndexSettings next) throws IOException {
        IndexFormat.VectorCodec codec = (IndexFormat.VectorCodec) writer.getConfig().getCodec();
        MergePolicy natural = writer.getConfig().getMergePolicy();
        Set<String> before = segmentNames(writer);
        boolean done = false;
        codec.use(next);
        writer.getConfig().setMergePolicy(new RewriteMergePolicy(natural));
        try {
            writer.forceMerge(1, true);
            Set<String> stale = segmentNames(writer);
            stale.retainAll(before);
            if (!stale.isEmpty()) {
                throw new SearchIndexException("converting the index at " + dir + " left segments " + stale
                        + " unconverted (another merge held them); nothing was changed: run the conversion again");
            }
            done = true;
        } finally {
            writer.getConfig().setMergePolicy(natural);
            if (!done) {
                codec.use(previous);
                writer.rollback();
            }
        }
    }

    private static Set<String> segmentNames(IndexWriter writer) throws IOException {
        Set<String> names = new HashSet<>();
        try (DirectoryReader r = DirectoryReader.open(writer)) {
            for (LeafReaderContext ctx : r.leaves()) {
                if (FilterLeafReader.unwrap(ctx.reader()) instanceof SegmentReader sr) {
                    names.add(sr.getSegmentName());
                }
            }
        }
        return names;
    }
}
