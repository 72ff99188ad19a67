package dev.autodistill4j.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A search index in the Lucene 9.12 format of main before the move to Lucene 10, written by
 * {@code src/test/legacy/Lucene912IndexGenerator.java} with the real lucene-core 9.12.3 jar (copied to
 * {@code target/legacy-lucene} by the build, named by {@code -Dautodistill4j.legacyLucene}) in a JVM of its own,
 * which also answers the queries as main's search did. Documents: {@code /img/<i>.jpg} with
 * {@link #vector}{@code (i)}, a commit (segment boundary) halfway, and {@code /img/3.jpg} deleted.
 */
record LegacyIndex(Path dir, int images, List<float[]> queries, List<List<String>> answers) {
    static final IndexedModel MODEL = new IndexedModel("bench:clustered", null, 64);
    static final String DELETED = "/img/3.jpg";
    private static final ClusteredVectors DATA = new ClusteredVectors(MODEL.dimension(), 5, 30, 0.6);

    static float[] vector(int i) {
        return DATA.vector(i);
    }

    /** Writes {@code documents} images (one deleted) at {@code dir} with Lucene 9.12 as main did, with {@code q}. */
    static LegacyIndex write(Path dir, int documents, Quantization q, Path work) throws IOException,
            InterruptedException {
        IndexSettings settings = IndexSettings.DEFAULTS.withQuantization(q);
        List<String> in = new ArrayList<>();
        in.add(String.join("\t", "F", q.label(), Integer.toString(settings.maxConn()),
                Integer.toString(settings.beamWidth())));
        IndexFormat.userData(MODEL, settings).forEach((k, v) -> in.add("U\t" + k + "\t" + v));
        for (int i = 0; i < documents; i++) {
            String path = "/img/" + i + ".jpg";
            in.add(String.join("\t", "D", path, SearchIndex.idOf(path), Integer.toString(1000 + i),
                    Long.toString(1_700_000_000_000L + i), "sha-" + i, csv(vector(i))));
            if (i == documents / 2) {
                in.add("C");
            }
        }
        in.add("X\t" + DELETED);
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queries.add(DATA.query(i));
            in.add("Q\t" + csv(DATA.query(i)));
        }
        Path input = Files.write(work.resolve("legacy-input.tsv"), in, StandardCharsets.UTF_8);
        List<String> out = run(dir, input, work);
        List<List<String>> answers = out.stream().map(l -> Arrays.asList(l.split("\t"))).toList();
        return new LegacyIndex(dir, documents - 1, queries, answers);
    }

    private static List<String> run(Path dir, Path input, Path work) throws IOException, InterruptedException {
        String jar = System.getProperty("autodistill4j.legacyLucene");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("lucene-core 9.12 is missing (-Dautodistill4j.legacyLucene=" + jar
                    + "): the search module's build copies it to target/legacy-lucene; run the tests through Maven");
        }
        Path log = work.resolve("legacy-generator.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar, Path.of("src/test/legacy/Lucene912IndexGenerator.java").toAbsolutePath().toString(),
                dir.toString(), input.toString()).redirectError(log.toFile()).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("the Lucene 9.12 generator failed: " + Files.readString(log));
        }
        return lines;
    }

    private static String csv(float[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(v[i]); // Float.toString round-trips exactly
        }
        return b.toString();
    }

    /** The paths of {@code hits}, in order. */
    static List<String> paths(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::path).toList();
    }
}
