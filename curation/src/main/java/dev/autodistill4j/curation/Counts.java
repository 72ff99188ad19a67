package dev.autodistill4j.curation;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Pass 1 of balancing: for every metadata entry, the number of texts whose match list contains it (each text is
 * its own record; an entry counts once per text however often it occurs). Partial counts over any split of the
 * texts — threads, files, Spark partitions — {@link #merge} into the counts of the whole, so the two-pass
 * algorithm runs at any scale. Not thread-safe: give each worker its own and merge.
 */
public final class Counts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] perEntry;
    private long texts;

    public Counts(int entries) {
        this.perEntry = new long[entries];
    }

    private Counts(long[] perEntry, long texts) {
        this.perEntry = perEntry;
        this.texts = texts;
    }

    /** Counts from a dense list (a saved {@code counts.json}); {@code texts} is how many texts they cover. */
    public static Counts of(long[] perEntry, long texts) {
        for (int i = 0; i < perEntry.length; i++) {
            if (perEntry[i] < 0) {
                throw new CurationException("count of entry " + i + " is negative (" + perEntry[i] + ")");
            }
        }
        return new Counts(perEntry.clone(), texts);
    }

    /** Adds one text's match list (ascending, distinct entry ids, as {@link SubstringMatcher#match} returns). */
    public void add(int[] matches) {
        for (int id : matches) {
            perEntry[id]++;
        }
        texts++;
    }

    /** Adds {@code other} into this (same metadata) and returns this. */
    public Counts merge(Counts other) {
        if (other.perEntry.length != perEntry.length) {
            throw new IllegalArgumentException("cannot merge counts over " + other.perEntry.length
                    + " entries into counts over " + perEntry.length + ": they come from different metadata");
        }
        for (int i = 0; i < perEntry.length; i++) {
            perEntry[i] += other.perEntry[i];
        }
        texts += other.texts;
        return this;
    }

    public long count(int entry) {
        return perEntry[entry];
    }

    public int entries() {
        return perEntry.length;
    }

    /** How many texts were added (with or without matches). */
    public long texts() {
        return texts;
    }

    /** A copy of the dense per-entry counts. */
    public long[] toArray() {
        return perEntry.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Counts c && c.texts == texts && Arrays.equals(c.perEntry, perEntry);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(perEntry) + Long.hashCode(texts);
    }
}
