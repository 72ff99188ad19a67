import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a search index as autodistill4j's main wrote it with Lucene 9.12.3 — commit 0a96bc6, before the move to
 * Lucene 10: the codec of its {@code IndexFormat} (Lucene912Codec with Lucene99 HNSW vectors, float or
 * scalar-quantised to 7/4 bits), the documents of its {@code IndexDocuments} — and answers queries as its
 * {@code SearchIndex.search} did (HNSW candidates max(efSearch 100, 5 k); a quantised index rescores the best 5 k
 * with the float vectors). Not compiled by the build: {@code LegacyIndexUpgradeTest} runs it with Java's
 * source-file launcher against lucene-core-9.12.3.jar alone, in a JVM of its own, so no 9.12 class meets 10.x.
 *
 * <p>Input (args[1], UTF-8 lines, tab-separated): {@code F quantization M beam} first; then {@code U key value}
 * commit user data, {@code D path id size mtime sha256 v1,v2,…} documents, {@code C} a commit (a segment
 * boundary), {@code X path} a deletion, {@code Q v1,v2,…} queries. Output: one line per query, the top-10 paths.
 */
public class Lucene912IndexGenerator {
    public static void main(String[] args) throws Exception {
        List<String[]> lines = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            lines.add(l.split("\t", -1));
        }
        String[] head = lines.get(0);
        KnnVectorsFormat format = format(head[1], Integer.parseInt(head[2]), Integer.parseInt(head[3]));
        Codec codec = new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
        Map<String, String> userData = new HashMap<>();
        List<float[]> queries = new ArrayList<>();
        try (FSDirectory dir = FSDirectory.open(Path.of(args[0]));
             IndexWriter w = new IndexWriter(dir, new IndexWriterConfig().setCodec(codec))) {
            for (String[] l : lines.subList(1, lines.size())) {
                switch (l[0]) {
                    case "U" -> userData.put(l[1], l[2]);
                    case "D" -> w.updateDocument(new Term("path", l[1]), document(l));
                    case "C" -> w.commit();
                    case "X" -> w.deleteDocuments(new Term("path", l[1]));
                    case "Q" -> queries.add(floats(l[1]));
                    default -> throw new IllegalArgumentException("unknown line " + l[0]);
                }
            }
            w.setLiveCommitData(userData.entrySet());
            w.commit();
        }
        answer(Path.of(args[0]), queries, !head[1].equals("none"));
    }

    private static KnnVectorsFormat format(String quantization, int m, int beam) {
        return switch (quantization) {
            case "none" -> new Lucene99HnswVectorsFormat(m, beam, 1, null);
            case "int7" -> new Lucene99HnswScalarQuantizedVectorsFormat(m, beam, 1, 7, false, null, null);
            case "int4" -> new Lucene99HnswScalarQuantizedVectorsFormat(m, beam, 1, 4, true, 0f, null);
            default -> throw new IllegalArgumentException(quantization);
        };
    }

    private static Document document(String[] l) {
        Document d = new Document();
        d.add(new StringField("id", l[2], Field.Store.YES));
        d.add(new StringField("path", l[1], Field.Store.YES));
        d.add(new StoredField("size", Long.parseLong(l[3])));
        d.add(new StoredField("mtime", Long.parseLong(l[4])));
        d.add(new StoredField("sha256", l[5]));
        d.add(new KnnFloatVectorField("vector", floats(l[6]), VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    private static void answer(Path path, List<float[]> queries, boolean rescore) throws Exception {
        try (FSDirectory dir = FSDirectory.open(path); DirectoryReader r = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(r);
            for (float[] q : queries) {
                ScoreDoc[] ranked = searcher.search(new KnnFloatVectorQuery("vector", q, 100), 100).scoreDocs;
                if (rescore) {
                    ranked = Arrays.copyOf(ranked, Math.min(ranked.length, 50));
                    for (int i = 0; i < ranked.length; i++) {
                        ranked[i] = new ScoreDoc(ranked[i].doc, dot(q, vector(r, ranked[i].doc)));
                    }
                    Arrays.sort(ranked, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score)
                            : Integer.compare(a.doc, b.doc));
                }
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < Math.min(10, ranked.length); i++) {
                    line.append(i == 0 ? "" : "\t").append(searcher.storedFields().document(ranked[i].doc).get("path"));
                }
                System.out.println(line);
            }
        }
    }

    private static float[] vector(DirectoryReader r, int doc) throws Exception {
        LeafReaderContext leaf = r.leaves().get(ReaderUtil.subIndex(doc, r.leaves()));
        FloatVectorValues values = leaf.reader().getFloatVectorValues("vector");
        values.advance(doc - leaf.docBase);
        return values.vectorValue();
    }

    /** As main's FloatRescorer.similarity for a dot-product index: float products summed in double. */
    private static float dot(float[] q, float[] v) {
        double dot = 0;
        for (int i = 0; i < q.length; i++) {
            dot += q[i] * v[i];
        }
        return (float) dot;
    }

    private static float[] floats(String csv) {
        String[] parts = csv.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }
}
