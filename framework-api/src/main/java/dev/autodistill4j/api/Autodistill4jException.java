package dev.autodistill4j.api;

/**
 * Root of every error autodistill4j reports to a user.
 *
 * <p>Unchecked because callers (CLI, label runner) handle them in one place; every subclass carries a message
 * that names the offending file or value and says what to do about it, so the CLI can print
 * {@link #getMessage()} without a stack trace. A message names a setting by its key in backquotes
 * ({@code `output`}), never by a CLI flag: a Java user has no flags, and the CLI shows each key as its flag.
 */
public class Autodistill4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Autodistill4jException(String message) {
        super(message);
    }

    public Autodistill4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
