package dev.autodistill4j.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way the project opens a file for writing (locks, manifests, run records, reports, exports, model
 * files, curation outputs, label files), so that no write ever goes through a symbolic link or into a special
 * file: a link planted where the tool writes (pointing at any file the user can write, or dangling) would
 * otherwise have its target truncated and overwritten, or a file created outside the output.
 *
 * <p>Rules: an existing entry at a path the tool writes must be a regular file (never a link, folder, FIFO or
 * device), else {@link DatasetWriteException} names it and nothing is written; files are opened with
 * {@link LinkOption#NOFOLLOW_LINKS} so a link swapped in after the check still fails; whole files are written to
 * a new temporary beside the target ({@code CREATE_NEW}, which never follows a link) and renamed over it (a
 * rename replaces the name, never what a link points to); folders below an output root are created one by one
 * and each must be a real folder. Deletes go through {@link Ownership}.
 */
public final class OutputFiles {
    /** What fills a file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final String TMP_SUFFIX = ".tmp";

    private OutputFiles() {
    }

    /**
     * Passes when {@code file} is absent or a regular file (not a link to one); otherwise throws naming it.
     *
     * @throws DatasetWriteException for a symbolic link, folder or special file at {@code file}
     */
    public static void requireWritable(Path file) {
        BasicFileAttributes a = attributes(file);
        if (a != null && !a.isRegularFile()) {
            throw new DatasetWriteException(file + " is " + kind(a) + ", where autodistill4j writes a file of its "
                    + "own: remove it or choose another output; nothing was written through it");
        }
    }

    /**
     * Passes when {@code dir} is absent or a real folder (not a link to one); otherwise throws naming it. Used for
     * every folder the tool writes into below an output folder the user named.
     */
    public static void requireRealFolder(Path dir) {
        BasicFileAttributes a = attributes(dir);
        if (a != null && !a.isDirectory()) {
            throw new DatasetWriteException(dir + " is " + kind(a) + ", where autodistill4j writes into a folder of "
                    + "its own: remove it or choose another output; nothing was written through it");
        }
    }

    /**
     * Creates {@code dir} and the folders between {@code root} and it, each checked to be a real folder (never
     * a link); {@code root} itself (the folder the user named, possibly through a link) is created if missing.
     */
    public static Path createFolders(Path root, Path dir) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        if (!d.startsWith(r)) {
            throw new DatasetWriteException(d + " lies outside " + r + ": refusing to create it");
        }
        Files.createDirectories(r);
        Path at = r;
        for (Path part : r.relativize(d)) {
            if (part.toString().isEmpty()) {
                continue;
            }
            at = at.resolve(part);
            requireRealFolder(at);
            try {
                Files.createDirectory(at);
            } catch (FileAlreadyExistsException e) {
                requireRealFolder(at); // raced with another creator: still must be a real folder
            }
        }
        return d;
    }

    /** Opens (creating) {@code file} to read and write without following a link: for lock files. */
    public static FileChannel openLockFile(Path file) throws IOException {
        requireWritable(file);
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Opens (creating) {@code file} for appending, never through a link: for JSON-lines logs and manifests. */
    public static OutputStream openAppend(Path file) throws IOException {
        requireWritable(file);
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    }

    /** Opens an existing regular {@code file} for writing in place (truncating a torn tail), never via a link. */
    public static FileChannel openExisting(Path file) throws IOException {
        requireWritable(file);
        return FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** Creates {@code file}, which must not exist yet, for writing (a link there fails, never followed). */
    public static OutputStream createNew(Path file) throws IOException {
        requireWritable(file);
        return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Opens {@code file} for writing from the start (created, or an existing regular file truncated), never
     * through a link: for files inside a staging folder the caller created.
     */
    public static OutputStream openTruncate(Path file) throws IOException {
        requireWritable(file);
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    }

    /** {@link #replace(Path, Body)} with bytes. */
    public static void replace(Path file, byte[] content) throws IOException {
        replace(file, out -> out.write(content));
    }

    /**
     * Writes {@code file} whole: {@code body} goes to a new temporary beside it, which is then renamed over
     * {@code file} (atomically where the file system can), so a reader or a killed run sees the old file or the
     * new one, never half of one. An existing {@code file} must be a regular file ({@link #requireWritable}).
     */
    public static void replace(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        requireWritable(target);
        Path parent = target.getParent();
        // created new (never through a link) with the permissions the umask gives, not createTempFile's 600
        Path tmp = StagingPaths.createFile(parent, temporaryPrefix(target.getFileName().toString()), TMP_SUFFIX);
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                body.writeTo(out);
            }
            requireWritable(target);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Ownership.deleteOwnTemporary(tmp);
        }
    }

    /**
     * Renames {@code from} (a file the tool just wrote) to {@code to}, replacing {@code to} only when it is a
     * regular file ({@link #requireWritable}): the commit step of writers that stage under a temporary name.
     */
    public static void moveInto(Path from, Path to) throws IOException {
        requireWritable(to);
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Whether {@code entry} is a temporary {@link #replace} made for a file named {@code targetName} (left by a
     * killed run): a regular file named {@code .<name>.<digits>.tmp}.
     */
    public static boolean isTemporaryOf(String targetName, Path entry) {
        String n = entry.getFileName().toString();
        return n.startsWith(temporaryPrefix(targetName)) && n.endsWith(TMP_SUFFIX)
                && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
    }

    /** Short whatever the target's length, so the temporary's name fits the 255-byte limit too. */
    private static String temporaryPrefix(String name) {
        return "." + (name.length() > 40 ? name.substring(0, 40) : name) + ".";
    }

    static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    static String kind(BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (a.isDirectory()) {
            return "a folder";
        }
        return a.isRegularFile() ? "a file" : "a special file (not a regular file)";
    }
}
