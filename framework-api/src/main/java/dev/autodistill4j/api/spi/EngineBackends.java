package dev.autodistill4j.api.spi;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.Engine;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;

/** Finds the {@link EngineBackend} for an engine on the class path and loads a request with it. */
public final class EngineBackends {
    private EngineBackends() {
    }

    /** Loads {@code request} with the backend that runs {@code engine}, or says which module to add. */
    public static BaseModel load(Engine engine, ModelRequest request) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        NamedServices<EngineBackend> backends = NamedServices.load(EngineBackend.class,
                cl != null ? cl : EngineBackends.class.getClassLoader(), "engine backend", ModelLoadException::new);
        for (EngineBackend b : backends.all()) {
            if (b.runs(engine)) {
                return b.load(engine, Engine.without(request));
            }
        }
        throw new ModelLoadException("`engine` " + engine.id() + " needs the autodistill4j onnx module on the class "
                + "path (found engine backends: " + backends.names() + "): add dev.autodistill4j:onnx, or use "
                + "`engine` pytorch");
    }
}
