package dev.autodistill4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The rule for every single file the tool replaces (an evaluation report, {@code clusters.json},
 * {@code clusters.html}): an existing file is replaced only when it carries the tool's own mark; anything else
 * (a user's document that happens to have the same name, a link) is refused with an error naming the file, and
 * nothing is written. Folders the tool owns follow {@link LabelOutputFolder} and {@link OutputLock}.
 */
public final class OwnedFiles {
    private static final int HEAD_BYTES = 4096;

    private OwnedFiles() {
    }

    /**
     * Passes when {@code file} is absent or a regular file whose first {@value #HEAD_BYTES} bytes contain one of
     * {@code marks}; otherwise throws.
     *
     * @param what    what the tool would write there, for the message ("evaluation report")
     * @param option  the option that chose the path, for the remedy ("--report")
     */
    public static void requireReplaceable(Path file, String what, String option, String... marks) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String head = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? head(file) : "";
        for (String mark : marks) {
            if (head.contains(mark)) {
                return;
            }
        }
        throw new DatasetWriteException(file + " exists and is not an autodistill4j " + what + ": refusing to "
                + "replace it; give " + option + " another path, or move that file away; nothing was changed");
    }

    private static String head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(HEAD_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
