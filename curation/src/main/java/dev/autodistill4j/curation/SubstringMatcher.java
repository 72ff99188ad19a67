package dev.autodistill4j.curation;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * MetaCLIP 1's {@code substr_matching(text, metadata)}, exact and fast: entry {@code i} matches when
 * {@code " " + entry + " "} is a substring of {@link TextSpacing#spaced spaced(text)} — case-sensitive, by
 * UTF-16 code units (the same as Python's code points, since a surrogate pair can only match a whole pair).
 *
 * <p>Why a word lookup is exact. The pattern starts and ends with a space, so an occurrence starts at a space
 * of the spaced text at position {@code p} and ends at a space at position {@code q}, and the entry equals the
 * characters strictly between them. So "entry matches" is the same as "the text between two spaces of the
 * spaced text equals the entry". For each space {@code p} the matcher hashes the characters after it, and at
 * each following space looks the hash up in an {@link EntryTable}: a hit on a whole entry is confirmed by
 * comparing characters; the walk goes on only while the text so far is a word prefix of some entry (and no
 * longer than the longest entry). Entries are not spaced, so an entry holding {@code , . ; : ? ! `} without
 * spaces around it, or a tab/newline, is simply never equal to such a span — exactly the reference's "can never
 * match". Empty entries, double spaces and leading/trailing spaces inside entries need no special case: the
 * spans between adjacent spaces are looked up too.
 *
 * <p>Serializable, so a Spark job can broadcast it.
 *
 * <p>Cost per text: one pass per space over the characters up to the first non-prefix word, usually one or two
 * words, instead of the reference's loop over every entry. Immutable and thread-safe.
 */
public final class SubstringMatcher implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int[] NONE = new int[0];

    private final String[] entries;
    private final EntryTable table;
    /** Next entry with the same whole-text hash (duplicates or collisions), or -1. */
    private final int[] sameHashNext;
    private final int maxEntryLength;

    private SubstringMatcher(String[] entries, EntryTable table, int[] sameHashNext, int maxEntryLength) {
        this.entries = entries;
        this.table = table;
        this.sameHashNext = sameHashNext;
        this.maxEntryLength = maxEntryLength;
    }

    /** Builds the lookup table for {@code metadata} (entry id = list position). */
    public static SubstringMatcher build(Metadata metadata) {
        return build(metadata.entries());
    }

    public static SubstringMatcher build(List<String> metadata) {
        String[] entries = metadata.toArray(new String[0]);
        long keys = 0;
        int maxLength = 0;
        for (String e : entries) {
            keys += 1 + spaces(e);
            maxLength = Math.max(maxLength, e.length());
        }
        if (keys > Integer.MAX_VALUE / 4) {
            throw new CurationException("metadata too large: " + entries.length + " entries with " + keys
                    + " word prefixes (the limit is " + Integer.MAX_VALUE / 4 + ")");
        }
        EntryTable table = new EntryTable((int) keys);
        int[] next = new int[entries.length];
        int[] last = new int[entries.length];
        Arrays.fill(next, -1);
        for (int id = 0; id < entries.length; id++) {
            String e = entries[id];
            long h = 0;
            for (int i = 0; i < e.length(); i++) {
                char c = e.charAt(i);
                if (c == ' ') {
                    table.addPrefix(h);
                }
                h = EntryTable.hashStep(h, c);
            }
            int first = table.addEntry(h, id);
            last[id] = id;
            if (first >= 0) { // same hash as an earlier entry: chain it (ids stay ascending along the chain)
                next[last[first]] = id;
                last[first] = id;
            }
        }
        return new SubstringMatcher(entries, table, next, maxLength);
    }

    public int entryCount() {
        return entries.length;
    }

    /** Bytes held by the lookup table and the chain array (the entry strings themselves are not counted). */
    public long tableBytes() {
        return table.memoryBytes() + (long) sameHashNext.length * Integer.BYTES;
    }

    /** The ids of the entries that match {@code text}, ascending, each once (the reference's return value). */
    public int[] match(String text) {
        char[] s = new char[TextSpacing.maxSpacedLength(text.length())];
        int n = TextSpacing.space(text, s);
        IntBuffer found = null;
        for (int p = 0; p < n - 1; p++) {
            if (s[p] != ' ') {
                continue;
            }
            long h = 0;
            int limit = Math.min(n, p + 2 + maxEntryLength);
            for (int q = p + 1; q < limit; q++) {
                char c = s[q];
                if (c == ' ') {
                    int v = table.get(h);
                    if (v == 0) {
                        break;
                    }
                    int id = EntryTable.entry(v);
                    if (id >= 0) {
                        found = collect(id, s, p + 1, q, found);
                    }
                    if (!EntryTable.isPrefix(v)) {
                        break;
                    }
                }
                h = EntryTable.hashStep(h, c);
            }
        }
        return found == null ? NONE : found.sortedDistinct();
    }

    private IntBuffer collect(int firstId, char[] s, int from, int to, IntBuffer found) {
        for (int id = firstId; id >= 0; id = sameHashNext[id]) {
            if (equal(entries[id], s, from, to)) {
                if (found == null) {
                    found = new IntBuffer();
                }
                found.add(id);
            }
        }
        return found;
    }

    private static boolean equal(String entry, char[] s, int from, int to) {
        if (entry.length() != to - from) {
            return false;
        }
        for (int i = 0; i < entry.length(); i++) {
            if (entry.charAt(i) != s[from + i]) {
                return false;
            }
        }
        return true;
    }

    private static int spaces(String e) {
        int n = 0;
        for (int i = 0; i < e.length(); i++) {
            if (e.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }

    /** A growable int list for the (few) matches of one text. */
    private static final class IntBuffer {
        private int[] a = new int[8];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] sortedDistinct() {
            Arrays.sort(a, 0, n);
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (m == 0 || a[i] != a[m - 1]) {
                    a[m++] = a[i];
                }
            }
            return Arrays.copyOf(a, m);
        }
    }
}
