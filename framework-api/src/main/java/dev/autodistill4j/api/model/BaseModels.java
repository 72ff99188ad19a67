package dev.autodistill4j.api.model;

/**
 * Asks a loaded model for a capability with a user-facing error instead of a {@link ClassCastException}
 * (e.g. {@code embed} with a classifier-only target model).
 */
public final class BaseModels {
    private BaseModels() {
    }

    public static ClassificationBaseModel classifier(BaseModel model) {
        return require(model, ClassificationBaseModel.class, "classify images");
    }

    public static EmbeddingModel embedder(BaseModel model) {
        return require(model, EmbeddingModel.class, "compute embeddings");
    }

    private static <T> T require(BaseModel model, Class<T> capability, String what) {
        if (capability.isInstance(model)) {
            return capability.cast(model);
        }
        throw new ModelLoadException("model '" + model.info().spec() + "' cannot " + what
                + ": choose a model that can (see `autodistill4j models`)");
    }
}
