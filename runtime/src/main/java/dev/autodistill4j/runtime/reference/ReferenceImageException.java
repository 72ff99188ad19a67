package dev.autodistill4j.runtime.reference;

import dev.autodistill4j.api.ontology.OntologyException;

import java.nio.file.Path;

/** A reference image of an ontology that cannot be decoded; names the file (and its class). */
public class ReferenceImageException extends OntologyException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public ReferenceImageException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The first image that failed. */
    public Path file() {
        return file;
    }
}
