package dev.autodistill4j.datasets;

/**
 * Another process (or another run in this process) holds the {@link OutputLock} of a folder: two writers on one
 * output would record every source twice or interleave index commits. The message names the folder and the
 * holder (pid, host, start time) so the user can find it; the CLI prints it and exits 2.
 */
public class OutputLockedException extends DatasetWriteException {
    private static final long serialVersionUID = 1L;

    public OutputLockedException(String message) {
        super(message);
    }
}
