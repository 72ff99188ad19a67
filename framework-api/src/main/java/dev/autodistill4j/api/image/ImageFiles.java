package dev.autodistill4j.api.image;

import dev.autodistill4j.api.Autodistill4jException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

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
        if (!Files.isDirectory(dir)) {
            throw new Autodistill4jException(dir + ": not a folder; pass the folder that holds the images");
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths
                    .filter(p -> !p.equals(dir))
                    .filter(p -> !isHiddenBelow(dir, p))
                    .filter(Files::isRegularFile)
                    .filter(ImageFiles::isImage)
                    .sorted(Comparator.comparing(p -> relativeKey(dir, p)))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new Autodistill4jException(dir + ": cannot list the folder (" + e.getMessage()
                    + "); check that it and its sub-folders are readable", e);
        }
    }

    private static boolean isHiddenBelow(Path dir, Path p) {
        for (Path part : dir.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String relativeKey(Path dir, Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }
}
