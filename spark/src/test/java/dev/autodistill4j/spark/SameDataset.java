package dev.autodistill4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.datasets.LabelOutputFolder;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.OutputLock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A Spark label dataset against the local {@code label}'s for the same inputs: every manifest record (class,
 * split, sha256, file, error; confidences and scores within 1e-5), one record per image, the same files under
 * the same names, run.json's settings. Shared by the local[N] test and the standalone-cluster test.
 */
final class SameDataset {
    private SameDataset() {
    }

    static void assertSame(Path local, Path out, int images) throws IOException {
        Map<String, ManifestRecord> want = bySource(Manifest.read(local.resolve(Manifest.FILE_NAME)));
        List<ManifestRecord> gotList = Manifest.read(out.resolve(Manifest.FILE_NAME));
        Map<String, ManifestRecord> got = bySource(gotList);
        assertThat(gotList).as("one record per image, no duplicates").hasSize(images);
        assertThat(got.keySet()).isEqualTo(want.keySet());
        // order: Spark lists records in walk order; the local runner writes a batch's unreadable images first
        assertThat(gotList.stream().map(ManifestRecord::source).toList()).as("walk order").isSorted();
        for (ManifestRecord w : want.values()) {
            ManifestRecord g = got.get(w.source());
            assertThat(g.className()).as(w.source()).isEqualTo(w.className());
            assertThat(g.split()).as(w.source()).isEqualTo(w.split());
            assertThat(g.sha256()).as(w.source()).isEqualTo(w.sha256());
            assertThat(g.file()).as(w.source()).isEqualTo(w.file());
            assertThat(g.isError()).as(w.source()).isEqualTo(w.isError());
            if (!w.isError()) {
                assertThat(g.confidence()).as(w.source()).isCloseTo(w.confidence(), within(1e-5));
                assertThat(g.scores().keySet()).containsExactlyElementsOf(w.scores().keySet());
                w.scores().forEach((k, v) -> assertThat(g.scores().get(k)).as(w.source() + " " + k)
                        .isCloseTo(v, within(1e-5)));
            }
        }
        assertThat(want.values()).as("the fixture exercises errors, unlabeled and renamed files")
                .anyMatch(ManifestRecord::isError).anyMatch(r -> r.file() != null && r.file().endsWith("-2.png"));
        // both hold the whole-run lock file (its content names the command that held it); it is not dataset content
        Map<String, Long> localFiles = new TreeMap<>(files(local));
        Map<String, Long> sparkFiles = new TreeMap<>(files(out));
        assertThat(localFiles.remove(OutputLock.FILE_NAME)).isNotNull();
        assertThat(sparkFiles.remove(OutputLock.FILE_NAME)).isNotNull();
        assertThat(sparkFiles).isEqualTo(localFiles);
        assertThat(runJson(out).get("tool")).as("spark label's own id (the local label accepts it: resumable)")
                .isEqualTo(LabelOutputFolder.SPARK_TOOL);
        Map<String, Object> wantRun = runJson(local);
        Map<String, Object> gotRun = runJson(out);
        for (String key : List.of("model", "checkpointSha256", "modelOptions", "ontology", "classFolders",
                "confidence", "split", "seed", "input", "output", "status")) {
            if (!key.equals("output")) {
                assertThat(gotRun.get(key)).as(key).isEqualTo(wantRun.get(key));
            }
        }
        assertThat(gotRun.get("output")).isEqualTo(out.toString());
        assertThat(((Map<?, ?>) gotRun.get("summary")).get("images")).isEqualTo(images);
    }

    private static Map<String, ManifestRecord> bySource(List<ManifestRecord> records) {
        return records.stream().collect(Collectors.toMap(ManifestRecord::source, Function.identity(), (a, b) -> a,
                TreeMap::new));
    }

    /** Every file of the dataset with its size, manifest and run.json aside. */
    private static Map<String, Long> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(Manifest.FILE_NAME)
                            && !p.getFileName().toString().equals("run.json"))
                    .collect(Collectors.toMap(p -> root.relativize(p).toString(), p -> p.toFile().length(),
                            (a, b) -> a, TreeMap::new));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> runJson(Path root) throws IOException {
        return new ObjectMapper().readValue(root.resolve("run.json").toFile(), Map.class);
    }
}
