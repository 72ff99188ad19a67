package dev.autodistill4j.search;

import dev.autodistill4j.api.Autodistill4jException;

/** A search index cannot be opened, read or written: missing folder, corrupt files, wrong settings. */
public class SearchIndexException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public SearchIndexException(String message) {
        super(message);
    }

    public SearchIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
