package dev.autodistill4j.datasets;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Which files of a dataset folder are images (by extension, case-insensitive; hidden files excluded).
 * Mirrors {@code ImageFiles.isImage} of framework-api, which this module cannot depend on.
 */
public final class DatasetImages {
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp");

    private DatasetImages() {
    }

    public static boolean isImage(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
