package dev.autodistill4j.api.spi;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;

/**
 * Loads models by spec ({@code provider[:reference]}): what the runtime's registry is, seen from a provider. A
 * provider whose models are built on other models (the {@code target} provider: a linear probe reads its base
 * model's embeddings) is handed the registry that is loading it, through
 * {@link BaseModelProvider#load(ModelRequest, ModelLoader)}, so it never builds a second registry of its own.
 */
public interface ModelLoader {

    /** Loads {@code spec}; the reference in the spec replaces the one in {@code request}. */
    BaseModel load(String spec, ModelRequest request) throws ModelLoadException;

    /**
     * Loads {@code spec} as {@code capability}; a model without it is closed before the error.
     *
     * @throws ModelLoadException naming the spec and what the model cannot do
     */
    <T extends BaseModel> T load(String spec, Class<T> capability, ModelRequest request) throws ModelLoadException;
}
