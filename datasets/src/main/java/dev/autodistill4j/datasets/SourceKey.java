package dev.autodistill4j.datasets;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code source} key of an input file in {@code manifest.jsonl}: distinct for distinct files, the same on
 * every run (it is the resume key), and readable.
 *
 * <p>Why not {@code path.toString()}: on Linux a file name is bytes, and Java decodes them with
 * {@code sun.jnu.encoding}, turning every byte that is not valid UTF-8 into U+FFFD. {@code a\xff.png} and
 * {@code a\xfe.png} then both read {@code a�.png}: one would be skipped as "already done" and never labelled.
 *
 * <p>The key is the absolute, normalised path as text when that text names exactly this file (every ordinary
 * name: the key is unchanged from earlier versions, so old manifests resume). Otherwise it is built from the
 * path's real bytes (taken from {@link Path#toUri()}, which percent-encodes them exactly): valid UTF-8 is
 * decoded, each undecodable byte {@code XY} becomes {@code �XY} (U+FFFD and two upper-case hex digits), and a
 * U+FFFD that really is in the name becomes {@code �u}, so the escaping is reversible and never collides.
 */
public final class SourceKey {
    private static final char MARK = '\uFFFD';

    private SourceKey() {
    }

    /** The key of {@code file}. */
    public static String of(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String text = abs.toString();
        if (text.indexOf(MARK) < 0 && namesSameFile(abs, text)) {
            return text;
        }
        return escaped(abs);
    }

    /**
     * A readable file name for {@code file} that keeps distinct names distinct: its name escaped as in
     * {@link #of} when the name's bytes are not valid text, else the name itself.
     */
    public static String fileName(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return "";
        }
        String text = name.toString();
        if (text.indexOf(MARK) < 0 && namesSameFile(name, text)) {
            return text;
        }
        String key = escaped(file.toAbsolutePath().normalize());
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /**
     * The file a key of {@link #of} names: the inverse of the escaping, so an index or manifest that holds keys
     * can open a file whose name is not valid text ({@code Path.of(key)} would name {@code a\uFFFDFF.png}).
     */
    public static Path toPath(String key) {
        if (key.indexOf(MARK) < 0 || !key.startsWith("/")) {
            return Path.of(key);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(key.length() + 8);
        for (int i = 0; i < key.length(); ) {
            char c = key.charAt(i);
            if (c == MARK && i + 1 < key.length() && key.charAt(i + 1) == 'u') {
                bytes.writeBytes(String.valueOf(MARK).getBytes(StandardCharsets.UTF_8));
                i += 2;
            } else if (c == MARK && i + 2 < key.length() && hex(key.charAt(i + 1)) && hex(key.charAt(i + 2))) {
                bytes.write(Integer.parseInt(key.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = key.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        StringBuilder uri = new StringBuilder("file://");
        for (byte b : bytes.toByteArray()) {
            int u = b & 0xFF;
            if (u == '/' || u == '-' || u == '.' || u == '_' || u == '~' || (u >= '0' && u <= '9')
                    || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z')) {
                uri.append((char) u);
            } else {
                uri.append('%').append(String.format(Locale.ROOT, "%02X", u));
            }
        }
        return Path.of(URI.create(uri.toString()));
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static boolean namesSameFile(Path p, String text) {
        try {
            return p.getFileSystem().getPath(text).equals(p);
        } catch (InvalidPathException e) {
            return false; // the text cannot even be encoded back (e.g. sun.jnu.encoding is ASCII)
        }
    }

    private static String escaped(Path abs) {
        URI uri = abs.toUri();
        if (!"file".equals(uri.getScheme()) || uri.getRawPath() == null) {
            return abs.toString();
        }
        String path = decode(percentDecode(uri.getRawPath()));
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static byte[] percentDecode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    /** UTF-8 decoding where each malformed byte becomes {@code �XY} and a real U+FFFD becomes {@code �u}. */
    private static String decode(byte[] bytes) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(bytes.length * 3 + 4);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        while (true) {
            CoderResult r = dec.decode(in, chars, true);
            chars.flip();
            appendText(out, chars);
            chars.clear();
            if (r.isUnderflow()) {
                break;
            }
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.append(MARK).append(String.format(Locale.ROOT, "%02X", in.get() & 0xFF));
                }
            } else {
                try {
                    r.throwException();
                } catch (CharacterCodingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out.toString();
    }

    private static void appendText(StringBuilder out, CharBuffer chars) {
        while (chars.hasRemaining()) {
            char c = chars.get();
            out.append(c);
            if (c == MARK) {
                out.append('u');
            }
        }
    }
}
