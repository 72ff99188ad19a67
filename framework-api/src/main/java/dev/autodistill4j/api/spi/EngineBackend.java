package dev.autodistill4j.api.spi;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.Engine;
import dev.autodistill4j.api.model.ModelRequest;

/**
 * Runs a checkpoint that a model provider resolves on another engine than the provider's own — e.g. the
 * {@code onnx} module runs {@code metaclip:REF} on ONNX Runtime for {@code --engine onnx|onnx-int8}. Found with
 * {@link java.util.ServiceLoader}, so the provider's module does not depend on the engine's.
 */
public interface EngineBackend extends NamedService {

    /** Whether this backend runs {@code engine}. */
    boolean runs(Engine engine);

    /**
     * Loads {@code request} (its reference is the provider's checkpoint reference; the engine option is
     * already removed) on {@code engine}.
     */
    BaseModel load(Engine engine, ModelRequest request);
}
