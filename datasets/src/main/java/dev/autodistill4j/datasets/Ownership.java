package dev.autodistill4j.datasets;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one ownership check every delete of the project goes through ({@code label --overwrite},
 * {@code label-regions --overwrite}, stale temporaries, staging folders of exports and models).
 *
 * <p>Owned means <em>listed</em>: a file is deleted only when its caller names it — a file the output's manifest
 * records, one of the command's fixed files, or a temporary the run itself created — never because it lies in
 * a folder the tool created. A file a user added to {@code train/<class>/} is therefore kept, and so is the
 * folder holding it. Nothing is deleted through a link: when the path from the output root to a listed file
 * crosses a symbolic link (say {@code labels/} links elsewhere), the whole delete is refused before anything is
 * removed, naming the link; a listed name that is itself a link or not a regular file is left alone. Listed
 * names that leave the root ({@code ../}) are ignored. Owned folders are removed only once empty.
 */
public final class Ownership {
    private Ownership() {
    }

    /**
     * Deletes the regular files {@code files} (paths relative to {@code root}, '/'-separated) and then, bottom up,
     * every empty real folder in and under {@code folders}; nothing else.
     *
     * @throws DatasetWriteException when a listed path crosses a link or a non-folder below {@code root}, before
     *                               anything is deleted
     */
    public static void deleteListed(Path root, Collection<String> files, Collection<String> folders)
            throws IOException {
        Path r = root.toAbsolutePath().normalize();
        List<Path> doomed = new ArrayList<>();
        for (String rel : files) {
            Path p = inside(r, rel);
            if (p != null && requireNoLinkBetween(r, p)) {
                BasicFileAttributes a = OutputFiles.attributes(p);
                if (a != null && a.isRegularFile()) {
                    doomed.add(p);
                }
            }
        }
        List<Path> dirs = new ArrayList<>();
        for (String rel : folders) {
            Path d = inside(r, rel);
            if (d != null && requireNoLinkBetween(r, d)) {
                BasicFileAttributes a = OutputFiles.attributes(d);
                if (a != null && a.isSymbolicLink()) {
                    throw linked(d);
                }
                if (a != null && a.isDirectory()) {
                    dirs.add(d);
                }
            }
        }
        for (Path p : doomed) {
            Files.deleteIfExists(p);
        }
        for (Path d : dirs) {
            deleteEmptyFolders(d);
        }
    }

    /**
     * Deletes a temporary file the caller itself created (best effort: a leftover is removed by the next run). A
     * name that is not a regular file any more is left alone.
     */
    public static void deleteOwnTemporary(Path tmp) {
        BasicFileAttributes a = OutputFiles.attributes(tmp);
        if (a == null || !a.isRegularFile()) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // best effort
        }
    }

    /**
     * Deletes a staging folder the caller created itself with {@link Files#createTempDirectory} and filled: its
     * tree is walked without following links (a link inside is removed as a link, never its target).
     */
    public static void deleteOwnStaging(Path staging) {
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(staging)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a hidden leftover beside the output, named after it
        }
    }

    /**
     * Deletes {@code dir} only when it is a real, empty folder (a destination the caller checked to be empty, about
     * to be replaced by its finished staging folder); a link or a non-empty folder is refused, naming it.
     */
    public static void deleteEmptyFolder(Path dir) throws IOException {
        BasicFileAttributes a = OutputFiles.attributes(dir);
        if (a == null) {
            return;
        }
        if (!a.isDirectory()) {
            throw linked(dir);
        }
        try {
            Files.delete(dir);
        } catch (DirectoryNotEmptyException e) {
            throw new DatasetWriteException(dir + " is no longer empty (something was written into it meanwhile): "
                    + "nothing was replaced; give a new folder", e);
        }
    }

    private static void deleteEmptyFolders(Path dir) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) { // never follows links
            all = s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.reverseOrder()).toList();
        }
        for (Path d : all) {
            try (Stream<Path> s = Files.list(d)) {
                if (s.findAny().isPresent()) {
                    continue;
                }
            }
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException e) {
                // something appeared meanwhile: it is kept
            }
        }
    }

    private static Path inside(Path root, String rel) {
        if (rel == null || rel.isEmpty()) {
            return null;
        }
        Path p = root.resolve(rel).normalize();
        return p.startsWith(root) && !p.equals(root) ? p : null;
    }

    /** Every folder between {@code root} (exclusive) and {@code p} (exclusive) must be real; true when all exist. */
    private static boolean requireNoLinkBetween(Path root, Path p) {
        Path at = root;
        Path rel = root.relativize(p);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            at = at.resolve(rel.getName(i));
            BasicFileAttributes a = OutputFiles.attributes(at);
            if (a == null) {
                return false;
            }
            if (!a.isDirectory()) {
                throw linked(at);
            }
        }
        return true;
    }

    private static DatasetWriteException linked(Path p) {
        return new DatasetWriteException(p + " is a symbolic link (or not a folder) inside the output: autodistill4j "
                + "never deletes through a link; replace it with a real folder or remove it, then run again; nothing "
                + "was deleted");
    }
}
