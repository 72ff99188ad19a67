package dev.autodistill4j.onnx.engine;

import dev.autodistill4j.api.Autodistill4jException;

/** The int8 self-check found int8 changes the user's results too much: the numbers, and what to do instead. */
public final class EngineCheckException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public EngineCheckException(Int8Check check, String where) {
        super(check.describe() + " (sample of " + where + "): int8 changes this checkpoint's results on these "
                + "images; use `engine` onnx (fp32 ONNX: PyTorch's results, most of int8's speed), or `engine-check` "
                + "off to run int8 anyway");
    }
}
