package dev.autodistill4j.search;

/**
 * The index holds embeddings of one model and another model was asked to add to it or query it. Vectors of
 * two models live in unrelated spaces, so mixing them would silently return nonsense.
 */
public class IndexModelMismatchException extends SearchIndexException {
    private static final long serialVersionUID = 1L;

    public IndexModelMismatchException(String message) {
        super(message);
    }
}
