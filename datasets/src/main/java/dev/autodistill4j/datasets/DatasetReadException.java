package dev.autodistill4j.datasets;

/** A dataset folder or manifest that cannot be read: missing, empty, ambiguous layout, corrupt manifest line. */
public class DatasetReadException extends DatasetException {
    private static final long serialVersionUID = 1L;

    public DatasetReadException(String message) {
        super(message);
    }

    public DatasetReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
