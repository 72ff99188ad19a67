package dev.autodistill4j.search;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.SegmentReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Rewrites every segment of an open index with another vectors format, reading the float vectors Lucene keeps
 * in every format — no image is decoded or embedded again. The old segments stay on disk, and in the last commit,
 * until the caller commits the rewritten ones, so an interrupted conversion leaves the index as it was.
 */
final class IndexConversion {
    private IndexConversion() {
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
