package dev.autodistill4j.curation;

import dev.autodistill4j.datasets.DatasetException;

/**
 * A user error in curation input or output (unreadable metadata, a bad JSON line, a foreign output folder…).
 * The message names the file (and line) and the fix. It extends the datasets module's root so the CLI prints it
 * as one {@code error: …} line and exits 2, without this module depending on the image stack in framework-api.
 */
public class CurationException extends DatasetException {
    private static final long serialVersionUID = 1L;

    public CurationException(String message) {
        super(message);
    }

    public CurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
