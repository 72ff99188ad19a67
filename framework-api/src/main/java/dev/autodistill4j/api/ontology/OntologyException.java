package dev.autodistill4j.api.ontology;

import dev.autodistill4j.api.Autodistill4jException;

/** An ontology that cannot be used: empty, a duplicate prompt, a blank class, an unreadable file. */
public class OntologyException extends Autodistill4jException {
    private static final long serialVersionUID = 1L;

    public OntologyException(String message) {
        super(message);
    }

    public OntologyException(String message, Throwable cause) {
        super(message, cause);
    }
}
