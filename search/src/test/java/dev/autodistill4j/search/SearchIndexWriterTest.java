package dev.autodistill4j.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader/writer split: who may write, what a writer's reader sees, and that a writer leaves no threads. */
class SearchIndexWriterTest {
    private static final int DIM = 16;
    private static final IndexedModel MODEL = new IndexedModel("test:vectors", null, DIM);

    @TempDir
    Path tmp;

    private final ClusteredVectors data = new ClusteredVectors(DIM, 5, 8, 0.6);

    private static Set<String> liveThreadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
    }

    private void put(SearchIndexWriter w, int from, int to) {
        for (int i = from; i < to; i++) {
            w.put(new IndexedImage(null, "/v/" + i, 0, 0, "", data.vector(i)));
        }
    }

    @Test
    void theWritersMergeThreadsWorkWhileItIsOpenAndAreGoneAfterClose() {
        MergeThreads merges = new MergeThreads(2);
        Set<String> during;
        try (SearchIndexWriter w = SearchIndexWriter.open(tmp.resolve("idx"), MODEL,
                IndexSettings.DEFAULTS.withQuantization(Quantization.NONE), 16, merges)) {
            for (int segment = 0; segment < 3; segment++) { // three segments, so the forced merge builds a graph
                put(w, segment * 300, (segment + 1) * 300);
                w.commit();
            }
            w.forceMerge();
            during = liveThreadsNamed(merges.namePrefix());
            assertThat(w.size()).isEqualTo(900);
        }
        assertThat(during).as("the HNSW merge ran on the writer's own threads").isNotEmpty();
        assertThat(liveThreadsNamed(merges.namePrefix())).isEmpty();
        try (SearchIndex r = SearchIndex.open(tmp.resolve("idx"))) { // readable without any merge threads
            assertThat(r.size()).isEqualTo(900);
            assertThat(r.search(data.query(0), 5)).hasSize(5);
        }
    }

    @Test
    void aWriterThatFailsToOpenStopsItsMergeThreadsToo() {
        MergeThreads merges = new MergeThreads(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SearchIndexWriter.open(tmp.resolve("x"),
                MODEL, IndexSettings.DEFAULTS, 8, merges)).isInstanceOf(SearchIndexException.class)
                .hasMessageContaining("16 to 1945 MB");
        assertThat(merges.executor().isShutdown()).isTrue();
    }

    @Test
    void theReaderTypeHasNoWayToChangeAnIndex() {
        Set<String> readerMethods = Arrays.stream(SearchIndex.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).map(Method::getName).collect(Collectors.toSet());
        List<String> writing = List.of("put", "delete", "commit", "convert", "forceMerge", "openReader");
        for (String name : writing) {
            assertThat(Arrays.stream(SearchIndexWriter.class.getMethods()).map(Method::getName)).contains(name);
        }
        assertThat(readerMethods).doesNotContainAnyElementsOf(writing);
        assertThat(Arrays.stream(SearchIndex.class.getMethods()).map(Method::getName))
                .doesNotContain("openForWriting");
    }

    @Test
    void aWritersReaderSeesUncommittedWorkAndAPlainReaderOnlyTheLastCommit() {
        Path dir = tmp.resolve("nrt");
        try (SearchIndexWriter w = SearchIndexWriter.open(dir, MODEL, IndexSettings.DEFAULTS)) {
            put(w, 0, 10);
            w.commit();
            put(w, 10, 15);
            w.delete("/v/0");
            try (SearchIndex nearRealTime = w.openReader(); SearchIndex committed = SearchIndex.open(dir)) {
                assertThat(nearRealTime.size()).isEqualTo(14);
                assertThat(nearRealTime.byPath("/v/12")).isPresent();
                assertThat(nearRealTime.byPath("/v/0")).isEmpty();
                assertThat(committed.size()).isEqualTo(10);
                assertThat(committed.byPath("/v/12")).isEmpty();
                put(w, 15, 20); // a reader is a snapshot: later writes do not change it
                assertThat(nearRealTime.size()).isEqualTo(14);
            }
            assertThat(w.size()).isEqualTo(19);
        }
        try (SearchIndex after = SearchIndex.open(dir)) { // closing the writer committed the rest
            assertThat(after.size()).isEqualTo(19);
        }
    }
}
