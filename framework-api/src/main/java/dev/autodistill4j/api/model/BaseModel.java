package dev.autodistill4j.api.model;

/**
 * A loaded foundation (or target) model. Capabilities are sub-interfaces — {@link ClassificationBaseModel},
 * {@link EmbeddingModel}, later detection — so a caller asks for what it needs with {@code instanceof} or
 * {@link BaseModels}, and a provider implements only what its model can do.
 *
 * <p>Models hold native memory: always close them (try-with-resources).
 */
public interface BaseModel extends AutoCloseable {

    /** Provenance: provider, reference, checkpoint hash, licence — written into every manifest and model dir. */
    ModelInfo info();

    @Override
    void close();
}
