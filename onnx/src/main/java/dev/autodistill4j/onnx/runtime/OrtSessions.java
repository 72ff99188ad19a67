package dev.autodistill4j.onnx.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.autodistill4j.api.model.ModelLoadException;

import java.nio.file.Path;

/**
 * ONNX Runtime sessions configured for a machine that other processes share: {@code threads} intra-op threads
 * (default: the number of cores), one inter-op thread, and by default <b>no spin-waiting</b>
 * ({@code session.intra_op.allow_spinning=0}). By default ORT's idle worker threads spin for a while after
 * each operator; on a busy 2-core machine that burns the cores the competing processes (and our own
 * preprocessing threads) need, so here they sleep instead.
 */
public final class OrtSessions {
    private OrtSessions() {
    }

    /** Intra-op threads when the user sets none: one per core. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static OwnedSession open(Path model, int threads) {
        return open(model, new OrtSettings(threads, false));
    }

    /** Reads and checks {@code model} ({@link OnnxModelFile}), then opens it. */
    public static OwnedSession open(Path model, OrtSettings settings) {
        return open(OnnxModelFile.read(model), settings);
    }

    /**
     * Opens a checked model from its bytes, with external data read only from its own folder
     * ({@code session.model_external_initializers_file_folder_path}): ONNX Runtime never opens the model file
     * itself, so the graph it runs is the one that was checked. The options live as long as the session: the
     * returned {@link OwnedSession} closes them after it.
     */
    public static OwnedSession open(OnnxModelFile model, OrtSettings settings) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String spin = settings.spinWait() ? "1" : "0";
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        boolean owned = false;
        try {
            options.setIntraOpNumThreads(settings.threads());
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", spin);
            options.addConfigEntry("session.inter_op.allow_spinning", spin);
            options.addConfigEntry("session.model_external_initializers_file_folder_path", model.folder().toString());
            OwnedSession session = new OwnedSession(env.createSession(model.bytes(), options), options);
            owned = true;
            return session;
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load " + model.file() + " (" + e.getMessage() + "): the "
                    + "file is damaged or was written by another tool; export the model again", e);
        } finally {
            if (!owned) {
                options.close();
            }
        }
    }
}
