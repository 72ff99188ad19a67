package dev.autodistill4j.metaclip.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * GPT-2/CLIP's reversible map from the 256 byte values to printable Unicode characters, so BPE can work on
 * strings without whitespace or control characters: the printable Latin-1 bytes ({@code !..~}, {@code ¡..¬},
 * {@code ®..ÿ}) map to themselves; the other 68 bytes, in increasing order, map to U+0100, U+0101, ….
 */
final class ByteEncoder {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];
    /** The characters in the reference's order (printable bytes first), which defines vocabulary ids 0..255. */
    private static final List<String> ALPHABET;

    static {
        List<Integer> printable = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            printable.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable.add(b);
        }
        List<String> alphabet = new ArrayList<>(256);
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b : printable) {
            BYTE_TO_CHAR[b] = (char) b;
            alphabet.add(String.valueOf((char) b));
        }
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable.contains(b)) {
                BYTE_TO_CHAR[b] = (char) (256 + n++);
                alphabet.add(String.valueOf(BYTE_TO_CHAR[b]));
            }
        }
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
        ALPHABET = Collections.unmodifiableList(alphabet);
    }

    private ByteEncoder() {
    }

    static List<String> alphabet() {
        return ALPHABET;
    }

    /** The UTF-8 bytes of {@code token} as byte-encoder characters. */
    static String encode(String token) {
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /** Inverse of {@link #encode}; characters outside the alphabet are kept as UTF-8. */
    static String decode(String chars) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chars.length());
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b >= 0) {
                out.write(b);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
