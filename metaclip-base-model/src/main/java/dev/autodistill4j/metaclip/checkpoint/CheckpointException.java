package dev.autodistill4j.metaclip.checkpoint;

import dev.autodistill4j.api.model.ModelLoadException;

/**
 * A checkpoint file that cannot be trusted or used: truncated, malformed header, forbidden pickle global,
 * missing or mis-shaped tensors. The message names the file and what to do.
 */
public class CheckpointException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
