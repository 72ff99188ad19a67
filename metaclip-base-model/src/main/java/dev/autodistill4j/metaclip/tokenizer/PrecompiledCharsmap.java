package dev.autodistill4j.metaclip.tokenizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a sentencepiece {@code precompiled_charsmap} (the {@code Precompiled} normaliser of a
 * {@code tokenizer.json}) the way the native {@code spm_precompiled} code will use it, because that code does not
 * check it: a blob it cannot parse makes {@code tokenizers} panic while loading, and a trie whose indices leave
 * the blob makes it panic on the first text that walks there — either way the whole JVM aborts.
 *
 * <p>The blob is canonical base64 of {@code u32 trie size (little endian) · trie units (u32) · normalised
 * strings (UTF-8, NUL-separated)}. Every trie state reachable by a UTF-8 text is walked: each of the 255 byte
 * transitions must index inside the trie, every leaf must point at a character boundary inside the strings, and
 * no leaf may end inside a UTF-8 character (the native code slices the text there).
 */
final class PrecompiledCharsmap {
    private static final Pattern BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
    /** Upper bound on the decoded blob (sentencepiece's nmt_nfkc charsmap is about 240 KB). */
    static final int MAX_BYTES = 16 << 20;

    private PrecompiledCharsmap() {
    }

    /** Why the charsmap cannot be used, or null when it can. */
    static String problem(String base64) {
        if (base64.length() > MAX_BYTES / 3 * 4 + 4 || !BASE64.matcher(base64).matches()) {
            return "is not canonical base64 of at most " + (MAX_BYTES >> 20) + " MiB";
        }
        ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        if (blob.remaining() < 4) {
            return "is shorter than its 4-byte header";
        }
        long trieBytes = Integer.toUnsignedLong(blob.getInt(0));
        if (trieBytes % 4 != 0 || trieBytes == 0 || 4 + trieBytes > blob.remaining()) {
            return "declares a trie of " + trieBytes + " bytes, which does not fit its " + blob.remaining()
                    + " bytes in whole 4-byte units";
        }
        int units = (int) (trieBytes / 4);
        long[] trie = new long[units];
        for (int i = 0; i < units; i++) {
            trie[i] = Integer.toUnsignedLong(blob.getInt(4 + 4 * i));
        }
        byte[] normalized = new byte[blob.remaining() - 4 - (int) trieBytes];
        blob.get(4 + (int) trieBytes, normalized);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(normalized));
        } catch (CharacterCodingException e) {
            return "holds normalised strings that are not UTF-8";
        }
        return walk(trie, normalized);
    }

    /** A state of the walk: a trie position and how many UTF-8 continuation bytes the text still owes. */
    private record State(long position, int owed) {
    }

    private static String walk(long[] trie, byte[] normalized) {
        ArrayDeque<State> todo = new ArrayDeque<>();
        Set<State> seen = new HashSet<>();
        todo.add(new State(offset(trie[0]), 0));
        while (!todo.isEmpty()) {
            State s = todo.poll();
            if (!seen.add(s)) {
                continue;
            }
            for (int c = 1; c < 256; c++) {
                long child = s.position() ^ c;
                if (child >= trie.length) {
                    return "has a trie transition (byte " + c + " at unit " + s.position() + ") outside its "
                            + trie.length + " units";
                }
                long unit = trie[(int) child];
                int owed = owedAfter(s.owed(), c);
                if (label(unit) != c || owed < 0) {
                    continue; // no transition, or no UTF-8 text walks here
                }
                long next = child ^ offset(unit);
                if (hasLeaf(unit)) {
                    String leaf = leafProblem(trie, normalized, next, owed);
                    if (leaf != null) {
                        return leaf;
                    }
                }
                todo.add(new State(next, owed));
            }
        }
        return null;
    }

    private static String leafProblem(long[] trie, byte[] normalized, long position, int owed) {
        if (position >= trie.length) {
            return "has a trie leaf at unit " + position + ", outside its " + trie.length + " units";
        }
        if (owed > 0) {
            return "maps a byte sequence that ends inside a UTF-8 character";
        }
        long index = trie[(int) position] & 0x7FFFFFFFL;
        if (index > normalized.length || (index < normalized.length && (normalized[(int) index] & 0xC0) == 0x80)) {
            return "points a replacement at byte " + index + " of its " + normalized.length + " bytes of strings, "
                    + "not at the start of a character";
        }
        return null;
    }

    /** UTF-8 continuation bytes still owed after byte {@code c}; -1 when no valid text has this byte here. */
    private static int owedAfter(int owed, int c) {
        if (owed > 0) {
            return (c & 0xC0) == 0x80 ? owed - 1 : -1;
        }
        if (c < 0x80) {
            return 0;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            return 1;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            return 2;
        }
        return c >= 0xF0 && c <= 0xF4 ? 3 : -1;
    }

    private static boolean hasLeaf(long unit) {
        return ((unit >>> 8) & 1) == 1;
    }

    private static long label(long unit) {
        return unit & ((1L << 31) | 0xFF);
    }

    private static long offset(long unit) {
        return (unit >>> 10) << ((unit & (1L << 9)) >>> 6);
    }
}
