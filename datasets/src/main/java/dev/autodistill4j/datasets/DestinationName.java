package dev.autodistill4j.datasets;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The name an input file gets in the dataset: its own name when it fits, else a shortened one that still fits a
 * file system's 255-byte name limit with room for the writer's {@code -2, -3…} suffixes.
 *
 * <p>A name of 200+ bytes is legal on ext4 but leaves no room for a suffix; the writer would fail on that one
 * image on every resume. Shortened names keep the extension and as much of the start as fits, followed by
 * {@code ~} and 8 hex digits of the sha256 of the whole original name, so two long names that share their
 * start stay apart and a resumed run computes the same name again. Names whose bytes are not valid text are
 * escaped first ({@link SourceKey#fileName}); characters the platform's file-name encoding cannot represent
 * become {@code _}.
 */
final class DestinationName {
    /** Longest name in bytes before suffixes; 255 minus room for {@code -NNNNN}. */
    static final int MAX_BYTES = 200;
    private static final int MAX_EXTENSION_BYTES = 16;
    private static final Charset FILE_NAMES = fileNameCharset();

    private DestinationName() {
    }

    /** The dataset name of {@code source}. */
    static String of(Path source) {
        return fit(encodable(SourceKey.fileName(source)));
    }

    /** The dataset name of a file called {@code name} (already text: e.g. a Hadoop path's name). */
    static String ofName(String name) {
        return fit(encodable(name));
    }

    static String fit(String name) {
        if (bytes(name) <= MAX_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && bytes(name.substring(dot)) <= MAX_EXTENSION_BYTES ? name.substring(dot) : "";
        String stem = name.substring(0, name.length() - ext.length());
        String tag = "~" + Sha256.of(name.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        int budget = MAX_BYTES - bytes(ext) - bytes(tag);
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            if (bytes(kept + ch) > budget) {
                break;
            }
            kept.append(ch);
            i += Character.charCount(cp);
        }
        return kept + tag + ext;
    }

    private static String encodable(String name) {
        CharsetEncoder enc = FILE_NAMES.newEncoder();
        if (enc.canEncode(name)) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            b.append(enc.canEncode(ch) ? ch : "_");
        });
        return b.toString();
    }

    static int bytes(String s) {
        return s.getBytes(FILE_NAMES).length;
    }

    private static Charset fileNameCharset() {
        String jnu = System.getProperty("sun.jnu.encoding");
        try {
            return jnu == null ? StandardCharsets.UTF_8 : Charset.forName(jnu);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
