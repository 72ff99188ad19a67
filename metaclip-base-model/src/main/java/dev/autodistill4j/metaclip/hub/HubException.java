package dev.autodistill4j.metaclip.hub;

import dev.autodistill4j.api.model.ModelLoadException;

/** A model could not be fetched from the hub or found in the cache; the message says what to do by hand. */
public class HubException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
