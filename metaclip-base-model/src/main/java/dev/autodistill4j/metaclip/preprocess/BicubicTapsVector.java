package dev.autodistill4j.metaclip.preprocess;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loop of {@link PillowBicubic}'s horizontal pass on the Vector API: one output pixel's weighted sums of
 * {@code taps} neighbouring packed RGB pixels, a vector of pixels and fixed-point coefficients at a time. When
 * shrinking a photo to CLIP's 224 pixels the filter is wide (a 4032-pixel row has 55 taps per output pixel), so this
 * loop is most of the resize. The sums are 32-bit integers: lane order does not change them (two's-complement
 * addition is associative), so the result is bit-identical to the scalar loop and to Pillow. Only loaded when
 * {@link VectorApi#enabled()}.
 */
final class BicubicTapsVector {
    private static final VectorSpecies<Integer> INT = IntVector.SPECIES_PREFERRED;

    private BicubicTapsVector() {
    }

    /** True when this CPU's preferred integer vectors have at least 4 lanes (128 bits). */
    static boolean usable() {
        return INT.length() >= 4;
    }

    /**
     * {@code sums[c] += Σ channel_c(in[base + t]) · kk[kOff + t]} for t below {@code taps}, c = R, G, B (bits 16–23,
     * 8–15, 0–7 of each pixel).
     */
    static void accumulate(int[] in, int base, int[] kk, int kOff, int taps, int[] sums) {
        IntVector r = IntVector.zero(INT);
        IntVector g = r;
        IntVector b = r;
        int t = 0;
        for (int bound = INT.loopBound(taps); t < bound; t += INT.length()) {
            IntVector p = IntVector.fromArray(INT, in, base + t);
            IntVector k = IntVector.fromArray(INT, kk, kOff + t);
            r = r.add(p.lanewise(VectorOperators.LSHR, 16).and(0xFF).mul(k));
            g = g.add(p.lanewise(VectorOperators.LSHR, 8).and(0xFF).mul(k));
            b = b.add(p.and(0xFF).mul(k));
        }
        if (t < taps && base + t + INT.length() <= in.length && kOff + t + INT.length() <= kk.length) {
            // the last, partial vector under a mask: short filters (10-20 taps) would otherwise run mostly scalar
            VectorMask<Integer> m = INT.indexInRange(t, taps);
            IntVector p = IntVector.fromArray(INT, in, base + t, m);
            IntVector k = IntVector.fromArray(INT, kk, kOff + t, m);
            r = r.add(p.lanewise(VectorOperators.LSHR, 16).and(0xFF).mul(k));
            g = g.add(p.lanewise(VectorOperators.LSHR, 8).and(0xFF).mul(k));
            b = b.add(p.and(0xFF).mul(k));
            t = taps;
        }
        int s0 = r.reduceLanes(VectorOperators.ADD);
        int s1 = g.reduceLanes(VectorOperators.ADD);
        int s2 = b.reduceLanes(VectorOperators.ADD);
        for (; t < taps; t++) {
            int p = in[base + t];
            int k = kk[kOff + t];
            s0 += ((p >> 16) & 0xFF) * k;
            s1 += ((p >> 8) & 0xFF) * k;
            s2 += (p & 0xFF) * k;
        }
        sums[0] += s0;
        sums[1] += s1;
        sums[2] += s2;
    }
}
