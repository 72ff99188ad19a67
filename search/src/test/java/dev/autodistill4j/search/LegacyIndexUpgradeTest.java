package dev.autodistill4j.search;

import dev.autodistill4j.datasets.OutputLock;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Indexes written by main's Lucene 9.12 build (by {@link LegacyIndex}, with the real 9.12 jar) keep working on
 * Lucene 10: they open and answer the same top-10 as 9.12 did, reading converts nothing, and the first writer
 * converts them in place — same documents and float vectors, nothing re-embedded, a message on stderr — also
 * after a conversion killed half-way, which leaves the index as it was.
 */
class LegacyIndexUpgradeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Quantization.class, names = {"NONE", "INT7", "INT4"})
    void aLucene912IndexAnswersTheSameAndIsConvertedOnTheNextWrite(Quantization q) throws Exception {
        LegacyIndex legacy = LegacyIndex.write(tmp.resolve("idx"), 600, q, tmp);
        Path dir = legacy.dir();
        assertThat(createdMajor(dir)).isEqualTo(9);
        assertThat(legacy.answers()).hasSize(legacy.queries().size()).allSatisfy(a -> assertThat(a).hasSize(10));
        assertAnswersAsLucene912Did(legacy);
        assertThat(createdMajor(dir)).as("reading converts nothing").isEqualTo(9);

        String stderr = stderrOf(() -> SearchIndexWriter.open(dir, LegacyIndex.MODEL, IndexSettings.DEFAULTS).close());
        assertThat(stderr).contains("converting the search index at " + dir.toAbsolutePath().normalize())
                .contains("from the Lucene 9 format to Lucene " + Version.LATEST)
                .contains("(" + legacy.images() + " images)").contains("nothing is re-embedded");
        assertThat(createdMajor(dir)).isEqualTo(Version.LATEST.major);
        assertThat(segmentCodecs(dir)).containsOnly(Codec.getDefault().getName());
        assertThat(vectorFormats(dir)).containsOnly(q.quantized() ? Lucene104HnswScalarQuantizedVectorsFormat.NAME
                : "Lucene99HnswVectorsFormat");
        assertAnswersAsLucene912Did(legacy);
        assertTheSameImagesAndVectors(dir, legacy.images());

        try (SearchIndexWriter w = SearchIndexWriter.open(dir, LegacyIndex.MODEL, IndexSettings.DEFAULTS)) {
            assertThat(w.settings().quantization()).as("the index keeps its own setting").isEqualTo(q);
            w.put(new IndexedImage(null, "/img/new.jpg", 1, 2, "sha-new", LegacyIndex.vector(1_000_000)));
            w.commit();
            assertThat(w.size()).isEqualTo(legacy.images() + 1);
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aConversionKilledHalfWayLeavesTheIndexAsItWasAndTheNextWriteConvertsIt() throws Exception {
        LegacyIndex legacy = LegacyIndex.write(tmp.resolve("big"), 10_000, Quantization.INT7, tmp);
        Path dir = legacy.dir();
        Set<String> before = files(dir);
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "--add-modules", "jdk.incubator.vector",
                LegacyIndexUpgradeTest.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (child.isAlive() && newIndexFiles(dir, before).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(child.isAlive()).as("converting when killed; log: %s", Files.readString(log)).isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(log)).contains("converting the search index at");
        assertThat(newIndexFiles(dir, before)).as("the killed conversion had written new files").isNotEmpty();
        assertThat(createdMajor(dir)).as("still the old commit").isEqualTo(9);
        assertAnswersAsLucene912Did(legacy);

        SearchIndexWriter.open(dir, LegacyIndex.MODEL, IndexSettings.DEFAULTS).close();
        assertThat(createdMajor(dir)).isEqualTo(Version.LATEST.major);
        assertAnswersAsLucene912Did(legacy);
        assertTheSameImagesAndVectors(dir, legacy.images());
        assertThat(newIndexFiles(dir, Set.of())).as("nothing left over that the commit does not use")
                .isEqualTo(commitFiles(dir));
    }

    /** The child of the kill test: opens a writer, which converts the index. */
    public static void main(String[] args) {
        SearchIndexWriter.open(Path.of(args[0]), LegacyIndex.MODEL, IndexSettings.DEFAULTS).close();
    }

    private static void assertAnswersAsLucene912Did(LegacyIndex legacy) {
        try (SearchIndex idx = SearchIndex.open(legacy.dir())) {
            assertThat(idx.size()).isEqualTo(legacy.images());
            for (int i = 0; i < legacy.queries().size(); i++) {
                assertThat(LegacyIndex.paths(idx.search(legacy.queries().get(i), 10))).as("query %d", i)
                        .containsExactlyElementsOf(legacy.answers().get(i));
            }
        }
    }

    private static void assertTheSameImagesAndVectors(Path dir, int images) {
        try (SearchIndex idx = SearchIndex.open(dir)) {
            List<IndexedImage> all = idx.images(true);
            assertThat(all).hasSize(images).noneMatch(im -> im.path().equals(LegacyIndex.DELETED));
            for (IndexedImage im : all) {
                int i = Integer.parseInt(im.path().replaceAll("\\D", ""));
                assertThat(im.vector()).as(im.path()).containsExactly(LegacyIndex.vector(i));
                assertThat(im.id()).isEqualTo(SearchIndex.idOf(im.path()));
                assertThat(im.size()).isEqualTo(1000 + i);
                assertThat(im.mtime()).isEqualTo(1_700_000_000_000L + i);
                assertThat(im.sha256()).isEqualTo("sha-" + i);
            }
        }
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static int createdMajor(Path dir) throws IOException {
        try (FSDirectory d = FSDirectory.open(dir)) {
            return SegmentInfos.readLatestCommit(d).getIndexCreatedVersionMajor();
        }
    }

    private static Set<String> segmentCodecs(Path dir) throws IOException {
        Set<String> names = new HashSet<>();
        try (FSDirectory d = FSDirectory.open(dir)) {
            for (SegmentCommitInfo info : SegmentInfos.readLatestCommit(d)) {
                names.add(info.info.getCodec().getName());
            }
        }
        return names;
    }

    private static Set<String> vectorFormats(Path dir) throws IOException {
        Set<String> names = new HashSet<>();
        try (FSDirectory d = FSDirectory.open(dir); DirectoryReader r = DirectoryReader.open(d)) {
            for (LeafReaderContext leaf : r.leaves()) {
                names.add(leaf.reader().getFieldInfos().fieldInfo(IndexDocuments.F_VECTOR)
                        .getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
            }
        }
        return names;
    }

    private static Set<String> commitFiles(Path dir) throws IOException {
        try (FSDirectory d = FSDirectory.open(dir)) {
            return new TreeSet<>(SegmentInfos.readLatestCommit(d).files(true));
        }
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** Files in {@code dir} not in {@code before}, the locks left out. */
    private static Set<String> newIndexFiles(Path dir, Set<String> before) throws IOException {
        Set<String> now = files(dir);
        now.removeAll(before);
        now.remove("write.lock");
        now.remove(OutputLock.FILE_NAME);
        return now;
    }
}
