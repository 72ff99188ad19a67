package dev.autodistill4j.datasets;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * Names of files as the file system gives them, for the relative paths written into manifests and the files
 * derived from input names (a YOLO label beside its image).
 *
 * <p>Why: on Linux a file name is bytes and only {@code /} separates folders; {@code back\slash.png} is one
 * name. Rewriting {@code \} to {@code /} (the habit that makes Windows paths portable) turns it into a folder
 * {@code back} that does not exist, and turns {@code b\..\..\x.png} into a path that climbs out of the output.
 * Here a relative path is joined from the path's own name elements, so on Windows (where {@code \} is the
 * separator and never part of a name) the result is the same as before, and on Linux a name stays one name.
 */
public final class PathNames {
    private PathNames() {
    }

    /** {@code file} relative to {@code root}, its names joined with {@code /}, each name exactly as listed. */
    public static String relative(Path root, Path file) {
        return join(root.relativize(file));
    }

    /**
     * The names of a relative path joined with {@code /} (whatever the platform's separator). A name whose bytes
     * are not valid text is written escaped as {@link SourceKey} does ({@code p\xff.txt} → {@code p�FF.txt}), so
     * two such names never read the same; every other name is written exactly (so a manifest names the file).
     */
    public static String join(Path relative) {
        StringJoiner j = new StringJoiner("/");
        for (Path name : relative) {
            String text = name.toString();
            j.add(sameName(name, text) ? text : SourceKey.fileName(name));
        }
        return j.toString();
    }

    /**
     * {@code file} with the extension of its last name (from its last {@code .}, when that is not the first
     * character) replaced by {@code extension} (plain ASCII such as {@code ".txt"}), byte for byte: a name that is not valid text
     * keeps its bytes, so {@code p\xff.png} pairs with {@code p\xff.txt} as YOLO readers expect.
     */
    public static Path withExtension(Path file, String extension) {
        Path name = file.getFileName();
        String text = name.toString();
        if (sameName(name, text)) {
            int dot = text.lastIndexOf('.');
            return file.resolveSibling((dot > 0 ? text.substring(0, dot) : text) + extension);
        }
        // the name's bytes, percent-encoded exactly by toUri; '.' and the extension are ASCII
        String raw = file.toAbsolutePath().toUri().getRawPath();
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        String rawName = raw.substring(raw.lastIndexOf('/') + 1);
        int dot = rawName.lastIndexOf('.');
        String renamed = (dot > 0 ? rawName.substring(0, dot) : rawName) + extension;
        Path bytes = Path.of(URI.create("file:///" + renamed)).getFileName();
        return file.resolveSibling(bytes);
    }

    private static boolean sameName(Path name, String text) {
        try {
            return name.getFileSystem().getPath(text).equals(name);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
