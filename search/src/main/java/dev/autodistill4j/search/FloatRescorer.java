package dev.autodistill4j.search;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.ScoreDoc;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Exact similarity of candidate documents from the stored float vectors. A quantised HNSW graph ranks by
 * approximate (7- or 4-bit) scores; rescoring its best candidates with the floats restores the exact order, so
 * quantisation costs recall only when a true neighbour is missing from the candidates altogether.
 */
final class FloatRescorer {
    private FloatRescorer() {
    }

    /**
     * Exact scores (cosine, in [-1, 1]) of {@code candidates}, best first (ties by document id). Reads each
     * leaf's vectors forward once, in document order, so the cost is one vector read per candidate.
     */
    static ScoreDoc[] rescore(IndexReader reader, String field, float[] query, ScoreDoc[] candidates,
                              boolean cosine) throws IOException {
        ScoreDoc[] byDoc = candidates.clone();
        Arrays.sort(byDoc, Comparator.comparingInt(sd -> sd.doc));
        List<LeafReaderContext> leaves = reader.leaves();
        ScoreDoc[] out = new ScoreDoc[byDoc.length];
        int leafIndex = -1;
        LeafReaderContext leaf = null;
        FloatVectorValues values = null;
        for (int i = 0; i < byDoc.length; i++) {
            int doc = byDoc[i].doc;
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                leaf = leaves.get(li);
                values = leaf.reader().getFloatVectorValues(field);
            }
            int local = doc - leaf.docBase;
            int at = values == null ? FloatVectorValues.NO_MORE_DOCS
                    : values.docID() < local ? values.advance(local) : values.docID();
            float score = at == local ? (float) similarity(query, values.vectorValue(), cosine) : Float.NEGATIVE_INFINITY;
            out[i] = new ScoreDoc(doc, score);
        }
        Arrays.sort(out, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
        return out;
    }

    /** Dot product of a unit query with a stored vector; divided by the vector's norm for a cosine index. */
    static double similarity(float[] q, float[] v, boolean cosine) {
        double dot = 0;
        if (!cosine) {
            for (int i = 0; i < q.length; i++) {
                dot += q[i] * v[i];
            }
            return dot;
        }
        double nv = 0;
        for (int i = 0; i < q.length; i++) {
            dot += (double) q[i] * v[i];
            nv += (double) v[i] * v[i];
        }
        return nv > 0 ? dot / Math.sqrt(nv) : dot;
    }
}
