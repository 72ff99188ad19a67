package dev.autodistill4j.metaclip.preprocess;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ClipImagePreprocessor}'s {@code ToTensor → Normalize} on the Vector API: a vector of packed RGB pixels at a
 * time becomes {@code (v / 255 - mean) / std} per channel, in three planes. Each lane does exactly the scalar
 * loop's IEEE float operations in its order (int to float, divide, subtract, divide; no fused multiply-add), so
 * the floats are bit-identical to it and to PyTorch's. Only loaded when {@link VectorApi#enabled()}.
 */
final class NormalizeVector {
    private static final VectorSpecies<Integer> INT = IntVector.SPECIES_PREFERRED;

    private NormalizeVector() {
    }

    /**
     * Writes the first {@link VectorSpecies#loopBound} pixels' normalised values of {@code crop} into the three
     * planes of {@code out} at {@code offset}; returns how many pixels it did (the caller does the rest).
     */
    static int normalize(int[] crop, int plane, float[] out, int offset, float[] mean, float[] std) {
        int bound = INT.loopBound(plane);
        for (int i = 0; i < bound; i += INT.length()) {
            IntVector p = IntVector.fromArray(INT, crop, i);
            channel(p.lanewise(VectorOperators.LSHR, 16).and(0xFF), mean[0], std[0], out, offset + i);
            channel(p.lanewise(VectorOperators.LSHR, 8).and(0xFF), mean[1], std[1], out, offset + plane + i);
            channel(p.and(0xFF), mean[2], std[2], out, offset + 2 * plane + i);
        }
        return bound;
    }

    private static void channel(IntVector v, float mean, float std, float[] out, int at) {
        ((FloatVector) v.convert(VectorOperators.I2F, 0)).div(255f).sub(mean).div(std).intoArray(out, at);
    }
}
