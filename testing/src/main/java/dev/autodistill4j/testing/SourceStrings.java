package dev.autodistill4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The string literals of a checkout's main Java sources, for build checks that scan code rather than run it
 * (no flag string in a library module, no plugin name in core code). Comments are skipped, so Javadoc may name
 * a flag or a provider; only what the code says at run time counts. Text blocks and escapes are read as written.
 */
public final class SourceStrings {
    private SourceStrings() {
    }

    /** One literal: the file it is in, its line (1-based) and its text as written between the quotes. */
    public record Literal(Path file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": \"" + text + "\"";
        }
    }

    /** The checkout root of a module's tests: the parent of Maven's {@code basedir} (surefire sets it). */
    public static Path checkout() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    }

    /** Every literal in the {@code .java} files under {@code dir} (none when it does not exist). */
    public static List<Literal> under(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Literal> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                all.addAll(in(f, Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sources under " + dir, e);
        }
        return all;
    }

    /** The literals of one source text; {@code file} only labels them. */
    public static List<Literal> in(Path file, String src) {
        List<Literal> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (src.startsWith("//", i)) {
                int nl = src.indexOf('\n', i);
                i = nl < 0 ? src.length() : nl; // the newline itself is counted above
            } else if (src.startsWith("/*", i)) {
                int end = skipTo(src, i + 2, "*/");
                line += count(src, i, end);
                i = end;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = closing(src, i + 3, "\"\"\"");
                out.add(new Literal(file, line, src.substring(i + 3, end - 3)));
                line += count(src, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = closing(src, i + 1, String.valueOf(c));
                if (c == '"') {
                    out.add(new Literal(file, line, src.substring(i + 1, end - 1)));
                }
                i = end;
            } else {
                i++;
            }
        }
        return out;
    }

    /** The index just past {@code end} from {@code from}, or the text's end. */
    private static int skipTo(String src, int from, String end) {
        int at = src.indexOf(end, from);
        return at < 0 ? src.length() : at + end.length();
    }

    /** The index just past the unescaped {@code quote} that closes a literal opened before {@code from}. */
    private static int closing(String src, int from, String quote) {
        int i = from;
        while (i < src.length()) {
            if (src.charAt(i) == '\\') {
                i += 2;
            } else if (src.startsWith(quote, i)) {
                return i + quote.length();
            } else {
                i++;
            }
        }
        return src.length();
    }

    private static int count(String src, int from, int to) {
        int n = 0;
        for (int i = from; i < to && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
