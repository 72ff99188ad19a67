package dev.autodistill4j.datasets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Puts images into {@code <root>/<split>/<class-folder>/<name>} or {@code <root>/unlabeled/<name>}.
 *
 * <p>Rules: images are copied byte for byte (or hard-linked, falling back to a copy across file systems);
 * a copy is written under a temporary name and renamed when complete, so a killed run never leaves a
 * half-written image under a real name; an existing file is never overwritten — a clashing name becomes
 * {@code name-2.ext}, {@code name-3.ext}…; class folders come from {@link ClassFolders} and the final path is
 * checked to lie inside the split folder.
 *
 * <p>Resume: a run killed after an image was renamed into place but before its manifest line was written
 * leaves an "orphan" (a file no manifest record claims). When the same image is written again and the
 * candidate name holds an orphan with the same sha256, that file is adopted instead of making a duplicate.
 */
public final class DatasetWriter {
    public static final String UNLABELED = "unlabeled";
    static final String TMP_PREFIX = ".autodistill4j-tmp-";
    private static final Logger LOG = LoggerFactory.getLogger(DatasetWriter.class);

    private final Path root;
    private final Map<String, String> classFolders;
    private final boolean hardLink;
    private final Set<String> claimed;
    private boolean warnedLinkFallback;

    /**
     * @param root         dataset root
     * @param classFolders class name → folder name ({@link ClassFolders#forClasses})
     * @param hardLink     hard-link instead of copying where the file system allows
     * @param claimed      relative paths ('/'-separated) already recorded in the manifest
     */
    public DatasetWriter(Path root, Map<String, String> classFolders, boolean hardLink, Set<String> claimed) {
        this.root = root.toAbsolutePath().normalize();
        this.classFolders = Map.copyOf(classFolders);
        this.hardLink = hardLink;
        this.claimed = new HashSet<>(claimed);
    }

    /**
     * Writes {@code source} (whose content hash is {@code sha256}) for {@code className} in {@code split}, or to
     * {@code unlabeled/} when {@code className} is null. Returns the path relative to the root, '/'-separated.
     */
    public synchronized String write(Path source, String sha256, Split split, String className) {
        Path dir = className == null ? root.resolve(UNLABELED) : classDir(split, className);
        String name = source.getFileName().toString();
        try {
            Files.createDirectories(dir);
            for (int n = 1; ; n++) {
                Path target = dir.resolve(candidateName(name, n));
                String rel = relative(target);
                if (claimed.contains(rel)) {
                    continue;
                }
                if (Files.exists(target)) {
                    if (Files.size(target) == Files.size(source) && sha256.equals(Sha256.of(target))) {
                        claimed.add(rel); // orphan of a killed run: adopt it
                        return rel;
                    }
                    continue;
                }
                try {
                    place(source, target);
                } catch (FileAlreadyExistsException e) {
                    continue;
                }
                claimed.add(rel);
                return rel;
            }
        } catch (IOException e) {
            throw new DatasetWriteException("cannot write " + source.getFileName() + " into " + dir + ": " + e
                    + " (check free space and permissions; re-run the same command to resume)", e);
        }
    }

    /**
     * The {@code n}-th name tried for a file called {@code fileName} ({@code n = 1}: the name itself, then
     * {@code name-2.ext}, {@code name-3.ext}…). Public so that writers on other file systems (the Spark job's
     * Hadoop writer) name files exactly as this one does.
     */
    public static String candidateName(String fileName, int n) {
        if (n == 1) {
            return fileName;
        }
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        String ext = dot > 0 ? fileName.substring(dot) : "";
        return stem + "-" + n + ext;
    }

    /** Deletes temporary files a killed run left behind (only this writer's own {@value #TMP_PREFIX} files). */
    public void cleanTemporaryFiles() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var walk = Files.walk(root, 3)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.getFileName().toString().startsWith(TMP_PREFIX) && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new DatasetWriteException("cannot clean temporary files under " + root + ": " + e.getMessage(), e);
        }
    }

    /** The folder of {@code className} in {@code split}, guaranteed to be a direct child of the split folder. */
    public Path classDir(Split split, String className) {
        String folder = classFolders.getOrDefault(className, ClassFolders.folderName(className));
        Path splitDir = root.resolve(split.folderName());
        Path dir = splitDir.resolve(folder).normalize();
        if (!splitDir.equals(dir.getParent())) {
            throw new DatasetWriteException("class '" + className + "' maps to " + dir + ", outside " + splitDir
                    + ": refusing to write there");
        }
        return dir;
    }

    private void place(Path source, Path target) throws IOException {
        if (hardLink) {
            try {
                Files.createLink(target, source);
                return;
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException | UnsupportedOperationException e) {
                if (!warnedLinkFallback) {
                    warnedLinkFallback = true;
                    LOG.warn("cannot hard-link {} into {} ({}); copying instead", source, root, e.toString());
                }
            }
        }
        Path tmp = target.resolveSibling(TMP_PREFIX + UUID.randomUUID() + "-" + target.getFileName());
        try {
            Files.copy(source, tmp);
            Files.move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private String relative(Path target) {
        return root.relativize(target).toString().replace('\\', '/');
    }
}
