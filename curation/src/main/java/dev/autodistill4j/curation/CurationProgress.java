package dev.autodistill4j.curation;

/**
 * Progress of a curation pass, in bytes of the input read ({@code total} = the file size), so a renderer can
 * show a rate and an ETA. The same shape as framework-api's {@code ProgressListener}, which this module does not
 * depend on (the CLI adapts its {@code ConsoleProgress}).
 */
@FunctionalInterface
public interface CurationProgress {
    CurationProgress NONE = (task, done, total) -> { };

    void update(String task, long done, long total);

    /** The task ended; renderers finish their line and restart their rate for the next task. */
    default void finished(String task) {
    }
}
