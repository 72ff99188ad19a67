package dev.autodistill4j.metaclip.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts little-endian tensor bytes of any {@link TensorDType} to F32.
 *
 * <p>Written by hand because {@code Float.float16ToFloat} only arrived in Java 20 and this project targets 17;
 * BF16 is the upper half of an F32, so it is a shift.
 */
public final class FloatConversions {
    private FloatConversions() {
    }

    /** IEEE 754 binary16 → binary32, exact for every value (subnormals, infinities and NaN included). */
    public static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal half: value = mantissa × 2^-24, exactly representable as a normal float
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** bfloat16 → binary32: the 16 bits are the high half of the float. */
    public static float bfloat16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /**
     * Reads {@code count} elements of {@code dtype} from {@code src} (position onwards) into {@code dst}
     * starting at {@code dstOffset}. Integer and boolean types are converted too (buffers such as
     * {@code position_ids} are small integers, exact in F32).
     */
    public static void toFloats(ByteBuffer src, TensorDType dtype, float[] dst, int dstOffset, int count) {
        ByteBuffer b = src.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(dst, dstOffset, count);
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (float) b.getDouble(i * 8);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = halfToFloat(b.getShort(i * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = bfloat16ToFloat(b.getShort(i * 2));
                }
            }
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (float) b.getLong(i * 8);
                }
            }
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (float) b.getInt(i * 4);
                }
            }
            case I16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (float) b.getShort(i * 2);
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (float) b.get(i);
                }
            }
            case U8, BOOL -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = (float) (b.get(i) & 0xff);
                }
            }
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
        }
    }
}
