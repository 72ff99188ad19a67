package dev.autodistill4j.datasets;

/** A dataset file that cannot be written: disk full, permissions, a path that would leave the dataset root. */
public class DatasetWriteException extends DatasetException {
    private static final long serialVersionUID = 1L;

    public DatasetWriteException(String message) {
        super(message);
    }

    public DatasetWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
