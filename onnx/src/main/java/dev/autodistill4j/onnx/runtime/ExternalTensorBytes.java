package dev.autodistill4j.onnx.runtime;

import ai.onnx.proto.OnnxMl;
import dev.autodistill4j.api.model.ModelLoadException;

import java.util.function.Function;

/**
 * How many bytes of external data a tensor's shape and element type need, the number its {@code length} must
 * equal: the element count times the element size (4-bit types pack two per byte). Strings cannot be external.
 */
final class ExternalTensorBytes {
    /** ONNX's 4-bit types (IR 10), newer than the protobuf classes' enum. */
    private static final int UINT4 = 21;
    private static final int INT4 = 22;

    private ExternalTensorBytes() {
    }

    static long of(OnnxMl.TensorProto t, String where, Function<String, ModelLoadException> refuse) {
        long count = 1;
        for (long d : t.getDimsList()) {
            if (d < 0) {
                throw refuse.apply(where + " has a negative dimension " + d);
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw refuse.apply(where + " has a shape " + t.getDimsList() + " too large to address");
            }
        }
        int type = t.getDataType();
        if (type == UINT4 || type == INT4) {
            return (count + 1) / 2;
        }
        int size = elementBytes(type);
        if (size == 0) {
            throw refuse.apply(where + " has element type " + type + ", which cannot be kept in external data");
        }
        try {
            return Math.multiplyExact(count, size);
        } catch (ArithmeticException e) {
            throw refuse.apply(where + " has a shape " + t.getDimsList() + " too large to address");
        }
    }

    private static int elementBytes(int type) {
        return switch (type) {
            case 2, 3, 9, 17, 18, 19, 20 -> 1;   // uint8, int8, bool, the float8 types
            case 4, 5, 10, 16 -> 2;              // uint16, int16, float16, bfloat16
            case 1, 6, 12 -> 4;                  // float, int32, uint32
            case 7, 11, 13, 14 -> 8;             // int64, double, uint64, complex64
            case 15 -> 16;                       // complex128
            default -> 0;                        // undefined, string, unknown
        };
    }
}
