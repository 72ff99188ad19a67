package dev.autodistill4j.onnx.engine;

import dev.autodistill4j.onnx.ClipOnnxDirectory;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export cache with the shapes CLIP: made once and reused; whatever a killed export leaves (a folder without
 * the completion marker, a marker whose hashes do not match the files, a hidden partial folder) is not trusted
 * and is made again; concurrent runs export once.
 */
class ExportCacheTest {

    @Test
    void firstUseExportsLaterUsesReuse(@TempDir Path tmp) throws Exception {
        Path checkpoint = Fixtures.resolve("shapes/shapes-clip");
        ExportCache cache = new ExportCache(tmp.resolve("cache"));
        ExportKey key = ExportKey.of(checkpoint, Precision.INT8);
        Path entry = cache.ensure(key, checkpoint, "shapes", null);
        assertThat(entry).isEqualTo(cache.entry(key));
        assertThat(entry.resolve(CompletionMarker.FILE)).isRegularFile();
        ClipOnnxDirectory.open(entry); // a loadable export
        FileTime written = Files.getLastModifiedTime(entry.resolve(ClipOnnxManifest.IMAGE_FILE));

        Thread.sleep(20);
        assertThat(cache.ensure(key, checkpoint, "shapes", null)).isEqualTo(entry);
        assertThat(Files.getLastModifiedTime(entry.resolve(ClipOnnxManifest.IMAGE_FILE))).as("not exported again")
                .isEqualTo(written);
        assertThat(cache.entries()).containsExactly(entry);
        assertThat(hidden(cache.root())).as("no temporary folder left").isEmpty();
    }

    @Test
    void aHalfWrittenEntryWithoutMarkerIsExportedAgain(@TempDir Path tmp) throws Exception {
        Path checkpoint = Fixtures.resolve("shapes/shapes-clip");
        ExportCache cache = new ExportCache(tmp.resolve("cache"));
        ExportKey key = ExportKey.of(checkpoint, Precision.FP32);
        Path entry = Files.createDirectories(cache.entry(key));
        Files.write(entry.resolve(ClipOnnxManifest.IMAGE_FILE), new byte[] {8, 1, 18}); // cut short, no marker
        Path partial = Files.createDirectories(cache.root().resolve(".partial-" + key.id() + "-killed"));
        Files.write(partial.resolve(ClipOnnxManifest.TEXT_FILE), new byte[100]);

        assertThat(CompletionMarker.problem(entry, key)).contains("did not finish");
        cache.ensure(key, checkpoint, "shapes", null);
        assertThat(CompletionMarker.problem(entry, key)).isNull();
        ClipOnnxDirectory.open(entry);
        assertThat(hidden(cache.root())).as("the killed run's partial folder is removed").isEmpty();
    }

    @Test
    void anEntryWhoseFilesDoNotMatchItsMarkerIsExportedAgain(@TempDir Path tmp) throws Exception {
        Path checkpoint = Fixtures.resolve("shapes/shapes-clip");
        ExportCache cache = new ExportCache(tmp.resolve("cache"));
        ExportKey key = ExportKey.of(checkpoint, Precision.FP32);
        Path entry = cache.ensure(key, checkpoint, "shapes", null);
        byte[] good = Files.readAllBytes(entry.resolve(ClipOnnxManifest.TEXT_FILE));

        // same size, other bytes: only the hash can tell
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x55;
        Files.write(entry.resolve(ClipOnnxManifest.TEXT_FILE), bad);
        assertThat(CompletionMarker.problem(entry, key)).contains("sha256 differs");
        cache.ensure(key, checkpoint, "shapes", null);
        assertThat(Files.readAllBytes(entry.resolve(ClipOnnxManifest.TEXT_FILE))).isEqualTo(good);

        // a file cut short after the marker was written
        Files.write(entry.resolve(ClipOnnxManifest.IMAGE_FILE), new byte[10], StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(CompletionMarker.problem(entry, key)).contains("bytes");
        cache.ensure(key, checkpoint, "shapes", null);
        assertThat(CompletionMarker.problem(entry, key)).isNull();

        // a marker of another key (e.g. copied from another entry)
        Path marker = entry.resolve(CompletionMarker.FILE);
        Files.writeString(marker, Files.readString(marker).replace(key.id(), key.withPrecision(Precision.INT8).id()));
        assertThat(CompletionMarker.problem(entry, key)).contains("another key");
        cache.ensure(key, checkpoint, "shapes", null);
        assertThat(CompletionMarker.problem(entry, key)).isNull();
        ClipOnnxDirectory.open(entry);
    }

    @Test
    void concurrentRunsExportOnceAndAllGetTheEntry(@TempDir Path tmp) throws Exception {
        Path checkpoint = Fixtures.resolve("shapes/shapes-clip");
        ExportCache cache = new ExportCache(tmp.resolve("cache"));
        ExportKey key = ExportKey.of(checkpoint, Precision.FP32);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Path>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> new ExportCache(cache.root()).ensure(key, checkpoint, "shapes", null)));
            }
            for (Future<Path> f : runs) {
                assertThat(f.get()).isEqualTo(cache.entry(key));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(CompletionMarker.problem(cache.entry(key), key)).isNull();
        assertThat(hidden(cache.root())).isEmpty();
    }

    /** Hidden folders (temporary exports) in the cache root; lock files are not folders. */
    private static List<Path> hidden(Path root) throws Exception {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
