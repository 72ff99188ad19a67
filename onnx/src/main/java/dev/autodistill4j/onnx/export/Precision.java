package dev.autodistill4j.onnx.export;

import java.util.Locale;

/** Numeric format of an exported graph's large weight matrices. */
public enum Precision {
    /** Every weight in float32: reproduces the PyTorch path within float rounding. */
    FP32,
    /** Transformer-block MatMul weights in int8 (per output channel), the rest float32. */
    INT8;

    /** Lower-case name written to the export manifest. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a manifest value; null for an unknown one. */
    public static Precision fromId(String id) {
        for (Precision p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        return null;
    }
}
