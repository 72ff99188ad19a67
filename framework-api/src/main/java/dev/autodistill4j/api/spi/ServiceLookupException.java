package dev.autodistill4j.api.spi;

import dev.autodistill4j.api.Autodistill4jException;

/** A named service is unknown, misnamed, claimed by two jars, or cannot be created. */
public class ServiceLookupException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public ServiceLookupException(String message) {
        super(message);
    }

    public ServiceLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
