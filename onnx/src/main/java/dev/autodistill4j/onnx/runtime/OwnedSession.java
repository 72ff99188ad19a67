package dev.autodistill4j.onnx.runtime;

import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.autodistill4j.api.Closeables;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An ONNX Runtime session together with the {@link OrtSession.SessionOptions} it was created with. ORT's native
 * session keeps pointers into its options (thread-pool and config entries), so the options must outlive the
 * session: this class owns both and {@link #close()} closes the session first, then its options — never the
 * options while the session runs. Every session of this module is opened through {@link OrtSessions}, which
 * returns one of these.
 *
 * <p>{@link #run} may be called from several threads at once, as ORT's own {@code OrtSession.run}.
 */
public final class OwnedSession implements AutoCloseable {
    private final OrtSession session;
    private final OrtSession.SessionOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes ownership of both: {@link #close()} closes {@code session}, then {@code options}. */
    OwnedSession(OrtSession session, OrtSession.SessionOptions options) {
        this.session = session;
        this.options = options;
    }

    /** Runs the graph on {@code inputs}; the caller closes the result. */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> inputs) throws OrtException {
        return session.run(inputs);
    }

    /** The session itself, for its metadata (input and output names). */
    public OrtSession session() {
        return session;
    }

    /** The options the session was created with: open for as long as the session is. */
    public OrtSession.SessionOptions options() {
        return options;
    }

    /** Closes the session, then its options (both even when the first fails; later failures suppressed); once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Closeables.closeAll("an ONNX Runtime session", session, options);
        }
    }
}
