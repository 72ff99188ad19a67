package dev.autodistill4j.curation;

import java.io.Serializable;

/**
 * Open-addressing hash table from the 64-bit polynomial hash of a string to two facts: "some entry starts with
 * this string followed by a space" (a prefix, so matching should read one more word) and "the first entry
 * whose whole text has this hash". Two primitive arrays, no objects per key, so 500k entries cost a few tens
 * of MiB. A hash is only a hint: the matcher compares the characters before it reports an entry, and a hash
 * collision on a prefix only makes it read one word further.
 */
final class EntryTable implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Multiplier of the polynomial string hash (odd, so no information is shifted out). */
    static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final int PREFIX = 1;

    private final long[] keys;
    /** 0 = empty slot; else bit 0 = prefix flag, bits 1.. = entry id + 1 (0 = no entry has this exact hash). */
    private final int[] values;
    private final int mask;
    private int size;

    EntryTable(int expectedKeys) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedKeys * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    static long hashStep(long hash, char c) {
        return hash * MULTIPLIER + c;
    }

    /** Marks {@code hash} as a word prefix of some entry. */
    void addPrefix(long hash) {
        values[slotForInsert(hash)] |= PREFIX;
    }

    /** Records entry {@code id} under {@code hash}; returns the entry already stored there, or -1. */
    int addEntry(long hash, int id) {
        int slot = slotForInsert(hash);
        int existing = (values[slot] >>> 1) - 1;
        if (existing < 0) {
            values[slot] |= (id + 1) << 1;
        }
        return existing;
    }

    /** The stored value for {@code hash}, or 0 when absent. */
    int get(long hash) {
        for (int slot = (int) mix(hash) & mask; ; slot = (slot + 1) & mask) {
            int v = values[slot];
            if (v == 0 || keys[slot] == hash) {
                return v;
            }
        }
    }

    static boolean isPrefix(int value) {
        return (value & PREFIX) != 0;
    }

    /** The first entry with this hash, or -1. */
    static int entry(int value) {
        return (value >>> 1) - 1;
    }

    int size() {
        return size;
    }

    long memoryBytes() {
        return (long) keys.length * Long.BYTES + (long) values.length * Integer.BYTES;
    }

    private int slotForInsert(long hash) {
        for (int slot = (int) mix(hash) & mask; ; slot = (slot + 1) & mask) {
            if (values[slot] == 0) {
                if ((size + 1) * 2L > keys.length) {
                    throw new IllegalStateException("EntryTable sized for fewer keys than were added");
                }
                keys[slot] = hash;
                size++;
                return slot;
            }
            if (keys[slot] == hash) {
                return slot;
            }
        }
    }

    /** MurmurHash3's 64-bit finaliser: spreads the polynomial hash over the slot bits. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
