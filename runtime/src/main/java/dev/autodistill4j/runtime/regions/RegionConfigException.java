package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.api.Autodistill4jException;

/** A {@code label-regions} setting or folder that cannot be used; names the option and the fix. */
public class RegionConfigException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public RegionConfigException(String message) {
        super(message);
    }
}
