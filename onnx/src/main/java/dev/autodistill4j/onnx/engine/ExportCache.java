package dev.autodistill4j.onnx.engine;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.metaclip.hub.HubSettings;
import dev.autodistill4j.onnx.export.ClipOnnxExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * ONNX exports of checkpoints in the model cache, {@code <cache>/engines/onnx/<key>/}, made on first use.
 *
 * <p>An export is written into a hidden temporary folder inside the cache, every file synced, the
 * {@link CompletionMarker} written last, and the folder renamed into place; the whole is done holding a lock
 * file per key (a file lock between processes, Spark executors included, and a lock per key inside one JVM,
 * where file locks do not exclude threads), so concurrent runs export once and the others wait and reuse it.
 * An entry that fails its marker check (a run killed mid-export, a file changed since) is moved aside, deleted
 * and exported again; leftovers of killed runs for the key are removed under the same lock.
 */
public final class ExportCache {
    private static final Logger LOG = LoggerFactory.getLogger(ExportCache.class);
    private static final ConcurrentHashMap<String, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
    private static final String PARTIAL = ".partial-";
    /** The completion marker's file name in every trusted entry (its JSON names key, precision, checkpoint). */
    public static final String MARKER = CompletionMarker.FILE;

    private final Path root;

    /** @param root the folder holding the exports ({@code <cache>/engines/onnx}) */
    public ExportCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache under {@link HubSettings#fromEnvironment()}'s cache folder ({@code AUTODISTILL4J_CACHE}). */
    public static ExportCache fromEnvironment() {
        return new ExportCache(HubSettings.fromEnvironment().cacheDir().resolve("engines").resolve("onnx"));
    }

    public Path root() {
        return root;
    }

    /** Where the export of {@code key} lives (complete or not). */
    public Path entry(ExportKey key) {
        return root.resolve(key.id());
    }

    /**
     * The trusted export of {@code key}, exporting {@code checkpoint} first when there is none.
     *
     * @param reference what the user named, recorded in the export as provenance
     * @param license   the weights' licence, or null when unknown
     */
    @SuppressWarnings("try") // the file lock is held for the block and never read
    public Path ensure(ExportKey key, Path checkpoint, String reference, String license) {
        Path entry = entry(key);
        if (Files.isDirectory(entry) && CompletionMarker.problem(entry, key) == null) {
            return entry; // the common case: no lock needed to read a finished, verified entry
        }
        ReentrantLock local = IN_JVM.computeIfAbsent(entry.toString(), k -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(root);
            try (FileChannel ch = FileChannel.open(root.resolve("." + key.id() + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return ensureLocked(key, entry, checkpoint, reference, license);
            }
        } catch (IOException e) {
            throw new Autodistill4jException("cannot write the ONNX export cache " + root + " (" + e.getMessage()
                    + "): make it writable, or set AUTODISTILL4J_CACHE to a writable folder", e);
        } finally {
            local.unlock();
        }
    }

    private Path ensureLocked(ExportKey key, Path entry, Path checkpoint, String reference, String license)
            throws IOException {
        removePartials(key);
        if (Files.exists(entry)) {
            String problem = CompletionMarker.problem(entry, key);
            if (problem == null) {
                return entry; // another run finished it while this one waited for the lock
            }
            LOG.warn("engine cache: {} is not a complete export ({}); exporting it again", entry, problem);
            Path stale = root.resolve(PARTIAL + key.id() + "-stale-" + System.nanoTime());
            Files.move(entry, stale, StandardCopyOption.ATOMIC_MOVE);
            delete(stale);
        }
        Path tmp = Files.createTempDirectory(root, PARTIAL + key.id() + "-");
        try {
            LOG.info("engine cache: first use of {} as {}: exporting to ONNX into {} (once; later runs reuse it)",
                    reference, key.precision().id(), entry);
            new ClipOnnxExporter(key.precision()).export(checkpoint, reference, license, tmp);
            CompletionMarker.write(tmp, key, reference);
            move(tmp, entry);
            CompletionMarker.syncFolder(root);
            return entry;
        } finally {
            delete(tmp);
        }
    }

    /** Cache entries of this key that runs killed mid-export left (safe to remove: the key's lock is held). */
    private void removePartials(ExportKey key) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(PARTIAL + key.id() + "-")).toList()) {
                delete(p);
            }
        }
    }

    /** The trusted entries, by folder name (for {@code models}). */
    public List<Path> entries() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isRegularFile(p.resolve(CompletionMarker.FILE))).sorted().forEach(out::add);
        } catch (IOException e) {
            LOG.debug("cannot list {}", root, e);
        }
        return out;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}", dir, e);
        }
    }
}
