package dev.autodistill4j.curation;

import java.io.Serializable;
import java.util.function.DoubleSupplier;

/**
 * Pass 2 of balancing, with threshold {@code t}: head entries are capped so each contributes about {@code t}
 * texts, tail entries keep everything.
 * <ul>
 *   <li>entry probability {@code p[e] = t / max(count[e], t)} (curate.py {@code count_to_prob}; 1.0 for
 *       unmatched entries);</li>
 *   <li>text probability {@code 1 − ∏(1 − p[e])} over the text's matches in ascending order, multiplied left to
 *       right in {@code double} — the order that gives numpy's {@code np.prod} bit for bit on the fixture; 0.0
 *       for a text without matches;</li>
 *   <li>{@link Variant#PER_TEXT} (curate.py): keep when the text has matches and {@code draw <= textProb}
 *       (the reference drops when {@code prob < random()});</li>
 *   <li>{@link Variant#SEQUENTIAL} (balancing.py {@code balance_sampling}): for each match in ascending order
 *       take the next draw {@code u}; keep at the first {@code u < p[e]}; a text without matches takes no draw.</li>
 * </ul>
 * Both keep a text with the same probability; they differ in which draws decide. Immutable, thread-safe.
 */
public final class Balancing implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Which reference decision rule to follow. */
    public enum Variant {
        /** One draw per text against the text probability (MetaCLIP curate.py). */
        PER_TEXT,
        /** One draw per tried entry, stopping at the first success (MetaCLIP 1 balancing.py). */
        SEQUENTIAL
    }

    private final long t;
    private final double[] entryProb;

    private Balancing(long t, double[] entryProb) {
        this.t = t;
        this.entryProb = entryProb;
    }

    /** Entry probabilities from the pass-1 counts. */
    public static Balancing of(Counts counts, long t) {
        if (t < 1) {
            throw new CurationException("t must be at least 1 (got " + t + "): it is the number of texts an entry "
                    + "keeps on average, e.g. 20000 for MetaCLIP 400M");
        }
        double[] p = new double[counts.entries()];
        for (int e = 0; e < p.length; e++) {
            p[e] = (double) t / (double) Math.max(counts.count(e), t);
        }
        return new Balancing(t, p);
    }

    public long t() {
        return t;
    }

    public double entryProbability(int entry) {
        return entryProb[entry];
    }

    /** {@code 1 − ∏(1 − p[e])}, left to right over {@code matches}; 0.0 when there are none. */
    public double textProbability(int[] matches) {
        double prod = 1.0;
        for (int e : matches) {
            prod *= 1.0 - entryProb[e];
        }
        return 1.0 - prod;
    }

    /** The curate.py decision for a text with probability {@code textProb} and its one draw in [0, 1). */
    public static boolean keepPerText(int[] matches, double textProb, double draw) {
        return matches.length > 0 && !(textProb < draw);
    }

    /** The balancing.py decision: takes draws from {@code draws} until one entry accepts the text. */
    public boolean keepSequential(int[] matches, DoubleSupplier draws) {
        for (int e : matches) {
            if (draws.getAsDouble() < entryProb[e]) {
                return true;
            }
        }
        return false;
    }
}
