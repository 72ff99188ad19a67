package dev.autodistill4j.api.progress;

/**
 * Receives progress of long work (labelling, embedding, indexing, training). Library code reports; the CLI
 * renders (count, rate, ETA on stderr). Keeping rendering out of the library lets tests and embedding
 * applications stay silent.
 */
public interface ProgressListener {

    /** Does nothing; the default for library calls. */
    ProgressListener NONE = (task, done, total) -> { };

    /**
     * {@code listener}, or {@link #NONE} for null: every library entry point that takes a listener reads "no
     * listener" as "no reports", so {@code run(config, null)} is silent instead of a bare NullPointerException.
     */
    static ProgressListener orNone(ProgressListener listener) {
        return listener == null ? NONE : listener;
    }

    /**
     * @param task  what is being done, e.g. {@code "label"}
     * @param done  units finished so far (cumulative)
     * @param total units in all, or -1 when unknown
     */
    void update(String task, long done, long total);

    /** The task ended (successfully or not); renderers finish their line. */
    default void finished(String task) {
    }
}
