package dev.autodistill4j.bench.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where an index's bytes are: on disk per file type, mapped into this process and resident (Lucene reads index
 * files through mmap, so the vectors and the graph a query touches live in the page cache, off the Java heap),
 * and on the heap.
 *
 * <p>Lucene file types: {@code vec} float vectors, {@code veq} quantised vectors, {@code vex} HNSW graph,
 * {@code vem}/{@code vemf}/{@code vemq} their metadata; everything else (stored fields, terms) is grouped as
 * {@code other}.
 */
public final class IndexFootprint {
    private static final List<String> VECTOR_TYPES = List.of("vec", "veq", "vex");

    private IndexFootprint() {
    }

    /** Bytes on disk per file type below {@code dir}, plus {@code total}. */
    public static Map<String, Long> onDisk(Path dir) {
        Map<String, Long> bytes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                bytes.merge(typeOf(f.getFileName().toString()), Files.size(f), Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("measuring " + dir, e);
        }
        bytes.put("total", bytes.values().stream().mapToLong(Long::longValue).sum());
        return bytes;
    }

    /**
     * Resident bytes of this process's memory mappings of files below {@code dir}, per file type, plus
     * {@code total}: the part of the index the queries so far have pulled into RAM (read from
     * {@code /proc/self/smaps}; includes the kernel's fault-around of neighbouring pages). Empty where the
     * platform has no smaps.
     */
    public static Map<String, Long> resident(Path dir) {
        Path smaps = Path.of("/proc/self/smaps");
        Map<String, Long> bytes = new TreeMap<>();
        if (!Files.isReadable(smaps)) {
            return bytes;
        }
        String prefix = dir.toAbsolutePath().normalize().toString() + "/";
        try (Stream<String> lines = Files.lines(smaps)) {
            String current = null;
            for (String line : (Iterable<String>) lines::iterator) {
                if (isMappingHeader(line)) {
                    int slash = line.indexOf('/');
                    current = slash >= 0 && line.startsWith(prefix, slash) ? line.substring(slash) : null;
                } else if (current != null && line.startsWith("Rss:")) {
                    long kb = Long.parseLong(line.substring(4).replace("kB", "").strip());
                    String name = Path.of(current).getFileName().toString();
                    bytes.merge(typeOf(name), kb * 1024, Long::sum);
                }
            }
        } catch (IOException e) {
            return bytes;
        }
        bytes.put("total", bytes.values().stream().mapToLong(Long::longValue).sum());
        return bytes;
    }

    /** Heap in use after a full collection (best effort: System.gc is a request). */
    public static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static boolean isMappingHeader(String line) {
        int sp = line.indexOf(' ');
        return sp > 0 && line.indexOf('-') > 0 && line.indexOf('-') < sp && !line.substring(0, sp).endsWith(":");
    }

    static String typeOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1);
        if (VECTOR_TYPES.contains(ext)) {
            return ext;
        }
        return ext.startsWith("vem") ? "vem" : "other";
    }
}
