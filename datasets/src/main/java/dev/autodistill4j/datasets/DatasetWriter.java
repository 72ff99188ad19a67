package dev.autodistill4j.datasets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts images into {@code <root>/<split>/<class-folder>/<name>} or {@code <root>/unlabeled/<name>}.
 *
 * <p>Rules: images are copied byte for byte (or hard-linked, falling back to a copy across file systems);
 * a copy is written under a temporary name and renamed when complete, so a killed run never leaves a
 * half-written image under a real name; an existing file is never overwritten — a clashing name becomes
 * {@code name-2.ext}, {@code name-3.ext}…; a name too long for a file system or not valid text is
 * shortened or escaped ({@link DestinationName}); class folders come from {@link ClassFolders} and the final path is
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
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Map<String, String> classFolders;
    private final boolean hardLink;
    private final Set<String> claimed;
    private boolean warnedLinkFallback;
    private Path realRoot;

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
        String name = DestinationName.of(source);
        try {
            OutputFiles.createFolders(root, dir); // each folder real: never written through a link
            requireInside(dir, source);
            for (int n = 1; ; n++) {
                Path target = dir.resolve(candidateName(name, n));
                String rel = relative(target);
                if (claimed.contains(rel)) {
                    continue;
                }
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                            && Files.size(target) == Files.size(source) && sha256.equals(Sha256.of(target))) {
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
            throw new DatasetWriteException("cannot write " + source + " into " + dir + ": " + e
                    + remedy(e, dir), e);
        }
    }

    /**
     * The dataset name of an input file called {@code fileName}: the name itself, or a shortened one that fits the
     * 255-byte limit with room for suffixes ({@link DestinationName}). Public for writers on other file systems.
     */
    public static String destinationName(String fileName) {
        return DestinationName.ofName(fileName);
    }

    /**
     * The {@code n}-th name tried for a file whose dataset name is {@code fileName} ({@link #destinationName};
     * {@code n = 1}: the name itself, then
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

    /** What to do about a failed write, from its real cause (never a guess such as "free space"). */
    static String remedy(IOException e, Path dir) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : String.valueOf(e.getMessage());
        if (e instanceof AccessDeniedException) {
            return " (permission denied: make " + dir + " writable, then re-run the same command to resume)";
        }
        if (reason.contains("No space left") || reason.contains("Disk quota")) {
            return " (the disk is full: free some space, then re-run the same command to resume)";
        }
        if (reason.contains("File name too long")) {
            return " (the file system refused the name as too long: move the output to a folder with a shorter "
                    + "path, then re-run the same command to resume)";
        }
        return " (re-run the same command to resume once the cause is fixed)";
    }

    /**
     * Deletes temporary files a killed run left behind: only this writer's own {@value #TMP_PREFIX} files, and
     * only in the folders it writes ({@code train/ valid/ test/ unlabeled/} and their class folders), never in
     * folders the user added to the output; through {@link Ownership}, so never through a link.
     */
    public void cleanTemporaryFiles() {
        try {
            Ownership.deleteListed(root, temporaryFiles(root), List.of());
        } catch (IOException e) {
            throw new DatasetWriteException("cannot clean temporary files under " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@value #TMP_PREFIX} files (relative, '/'-separated) at the top of {@code root} and in its split,
     * {@code unlabeled/} and class folders: the temporaries this writer (and {@code label}) creates. Linked folders
     * are not entered.
     */
    static List<String> temporaryFiles(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> dirs = new ArrayList<>(List.of(root));
        for (String top : LabelOutputFolder.OWNED_FOLDERS) {
            Path dir = root.resolve(top);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                dirs.add(dir);
                try (var list = Files.list(dir)) {
                    list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(dirs::add);
                }
            }
        }
        for (Path dir : dirs) {
            try (var list = Files.list(dir)) {
                list.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX)
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
            }
        }
        return out;
    }

    /**
     * Refuses to write into {@code dir} when its real path leaves the dataset root's: a class or split folder
     * that is a link to elsewhere (planted, or left by hand) would put the image — and later {@code --overwrite}
     * deletes — outside the output.
     */
    private void requireInside(Path dir, Path source) throws IOException {
        if (realRoot == null) {
            realRoot = root.toRealPath();
        }
        Path real = dir.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new DatasetWriteException("cannot write " + source + " into " + dir + ": that folder leads to "
                    + real + " (through a link), outside the output " + root + "; remove the link and re-run");
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
        // short, whatever the target's length: a prefix on a 250-byte name would exceed the 255-byte limit
        Path tmp = target.resolveSibling(TMP_PREFIX + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try {
            Files.copy(source, tmp);
            Files.move(tmp, target);
        } finally {
            Ownership.deleteOwnTemporary(tmp);
        }
    }

    private String relative(Path target) {
        return PathNames.relative(root, target);
    }
}
