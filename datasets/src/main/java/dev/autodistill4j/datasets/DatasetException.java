package dev.autodistill4j.datasets;

/**
 * Root of the dataset module's user errors. The datasets module sits below framework-api (which holds
 * {@code Autodistill4jException}), so it has its own root; the CLI treats both as user errors: it prints the
 * message, which names the file and the fix, and exits 2.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
