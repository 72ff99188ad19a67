package dev.autodistill4j.onnx.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names of files inside a model folder, as a manifest or a graph gives them: relative, '/'-separated, without
 * {@code ..}, and resolving — links included — to a regular file whose real path lies inside the folder's real
 * path. One rule for the manifest's file list and for external-data locations.
 */
public final class FolderPaths {
    private FolderPaths() {
    }

    /** Why {@code name} may not be read from {@code realFolder}, or null when it may. */
    public static String problem(Path realFolder, String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0 || name.length() > 4096) {
            return "is empty, too long or holds a NUL or backslash: name a file in the folder with '/' separators";
        }
        if (name.startsWith("/") || Path.of(name).isAbsolute()) {
            return "is an absolute path: it must name a file inside the folder " + realFolder;
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                return "goes up with '..': it must name a file inside the folder " + realFolder;
            }
        }
        Path file = realFolder.resolve(name).normalize();
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return "names a file that does not exist in " + realFolder;
        }
        if (!file.startsWith(realFolder) || !real.startsWith(realFolder)) {
            return "resolves to " + real + ", outside the folder " + realFolder + " (through a link): copy the file "
                    + "into the folder";
        }
        return Files.isRegularFile(real) ? null : "is not a regular file";
    }

    /** The file {@code name} names in {@code realFolder}; only call after {@link #problem} returned null. */
    public static Path resolve(Path realFolder, String name) {
        return realFolder.resolve(name).normalize();
    }
}
