package dev.autodistill4j.runtime.config;

import dev.autodistill4j.api.Autodistill4jException;

/** A configuration file or value that cannot be used; the message names the file or key and the fix. */
public class ConfigException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
