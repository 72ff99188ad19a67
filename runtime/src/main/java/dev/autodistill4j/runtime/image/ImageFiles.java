package dev.autodistill4j.runtime.image;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.datasets.PathNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the image files in a folder.
 *
 * <p>The order is part of the contract: labelling, splitting and indexing must visit files in the same order on
 * every machine, so the walk is sorted by the path relative to the folder, with {@code /} separators, compared
 * by code point. Hidden files and folders (name starting with {@code .}) are skipped: they are editor backups,
 * macOS {@code ._} resource forks and VCS metadata, never training images.
 */
public final class ImageFiles {
    /** Extensions recognised as images, lower case, without the dot. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp");

    private ImageFiles() {
    }

    /** Whether the file name has one of {@link #EXTENSIONS}, in any case ({@code IMG_001.JPG} counts). */
    public static boolean isImage(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(s.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * All image files below {@code dir}, recursively, sorted, hidden entries skipped.
     *
     * @throws Autodistill4jException when {@code dir} is not a readable folder
     */
    public static List<Path> walk(Path dir) {
        return walk(dir, null);
    }

    /**
     * As {@link #walk(Path)}, never entering the folder whose real path is {@code excludedReal} (an output folder
     * inside the input, however it is reached) and skipping linked files that resolve into it. {@code dir} itself
     * may be a link; linked folders below it are not followed (a link loop or a link to {@code /} cannot make
     * the walk endless, and an output folder cannot be reached through one).
     */
    public static List<Path> walk(Path dir, Path excludedReal) {
        if (!Files.isDirectory(dir)) {
            throw new Autodistill4jException(dir + ": not a folder; pass the folder that holds the images");
        }
        List<Path> found = new ArrayList<>();
        try {
            // FOLLOW_LINKS so that a linked --input folder is walked; linked folders below it are skipped
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!d.equals(dir) && (isHidden(d) || Files.isSymbolicLink(d) || isExcluded(d, excludedReal))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (isHidden(f) || !isImage(f)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isRegularFile() && !(Files.isSymbolicLink(f) && linksInto(f, excludedReal))) {
                        found.add(f);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new Autodistill4jException(dir + ": cannot list the folder (" + e.getMessage()
                    + "); check that it and its sub-folders are readable", e);
        }
        found.sort(Comparator.comparing(p -> relativeKey(dir, p)));
        return List.copyOf(found);
    }

    private static boolean isHidden(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith(".");
    }

    private static boolean isExcluded(Path d, Path excludedReal) throws IOException {
        return excludedReal != null && d.toRealPath().equals(excludedReal);
    }

    private static boolean linksInto(Path f, Path excludedReal) throws IOException {
        return excludedReal != null && f.toRealPath().startsWith(excludedReal);
    }

    private static String relativeKey(Path dir, Path p) {
        return PathNames.relative(dir, p);
    }
}
