package dev.autodistill4j.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates files whose names are raw bytes (not valid UTF-8), which Java itself cannot spell: Java decodes file
 * names with {@code sun.jnu.encoding} and encodes a String back the same way, so a name with byte 0xFF can only
 * be made by another program. Here: {@code sh} with {@code printf} octal escapes.
 */
public final class RawFileNames {
    private RawFileNames() {
    }

    /**
     * Copies {@code content} to a file in {@code dir} named by {@code printfName} (a printf format such as
     * {@code a\\377.png}); returns false when the shell or the file system refuses (e.g. macOS APFS).
     */
    public static boolean copy(Path content, Path dir, String printfName) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "cp \"$1\" \"$2/$(printf '" + printfName + "')\"", "sh",
                content.toString(), dir.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** The entries of {@code dir} as Java lists them. */
    public static List<Path> list(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
