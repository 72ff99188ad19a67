package dev.autodistill4j.api.model;

/**
 * Asks a loaded model for a capability with a user-facing error instead of a {@link ClassCastException}
 * (e.g. {@code embed} with a classifier-only target model).
 */
public final class BaseModels {
    private BaseModels() {
    }

    public static ClassificationBaseModel classifier(BaseModel model) {
        return require(model, ClassificationBaseModel.class);
    }

    public static EmbeddingModel embedder(BaseModel model) {
        return require(model, EmbeddingModel.class);
    }

    /** {@code model} as {@code capability}, or an error naming the model and what it cannot do. */
    public static <T extends BaseModel> T require(BaseModel model, Class<T> capability) {
        if (capability.isInstance(model)) {
            return capability.cast(model);
        }
        throw new ModelLoadException("model '" + model.info().spec() + "' cannot " + describe(capability)
                + ": choose a model that can (see `autodistill4j models`)");
    }

    /** What a capability lets a model do, as the end of "model X cannot …". */
    public static String describe(Class<? extends BaseModel> capability) {
        if (capability == ClassificationBaseModel.class) {
            return "classify images";
        }
        if (capability == EmbeddingModel.class) {
            return "compute embeddings";
        }
        return "act as a " + capability.getSimpleName();
    }
}
