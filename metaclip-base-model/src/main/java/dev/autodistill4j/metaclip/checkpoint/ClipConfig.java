package dev.autodistill4j.metaclip.checkpoint;

/**
 * The architecture of a CLIP model, whatever layout its checkpoint came in (Hugging Face {@code config.json},
 * OpenCLIP {@code model_config.json}, or inferred from tensor shapes).
 *
 * @param vision        the image tower
 * @param text          the text tower
 * @param projectionDim size of the shared embedding space
 * @param family        CLIP / MetaCLIP 1 or MetaCLIP 2 (tokenizer and pooling fallback)
 */
public record ClipConfig(Vision vision, Text text, int projectionDim, ModelFamily family) {

    public ClipConfig {
        java.util.Objects.requireNonNull(family, "family");
    }

    /** A CLIP / MetaCLIP 1 architecture. */
    public ClipConfig(Vision vision, Text text, int projectionDim) {
        this(vision, text, projectionDim, ModelFamily.CLIP);
    }

    /** Activation inside the transformer MLPs. MetaCLIP v1 and OpenAI CLIP use QuickGELU. */
    public enum Activation {
        QUICK_GELU, GELU;

        /** Maps Hugging Face's {@code hidden_act} strings. */
        public static Activation fromHf(String hiddenAct) {
            return switch (hiddenAct) {
                case "quick_gelu" -> QUICK_GELU;
                case "gelu", "gelu_new", "gelu_pytorch_tanh" -> GELU;
                default -> throw new IllegalArgumentException("unsupported hidden_act '" + hiddenAct
                        + "': supported are quick_gelu and gelu");
            };
        }
    }

    /**
     * @param imageSize        input resolution (square)
     * @param patchSize        ViT patch size
     * @param width            hidden size
     * @param intermediateSize MLP hidden size (4 × width for CLIP)
     * @param layers           transformer blocks
     * @param heads            attention heads
     */
    public record Vision(int imageSize, int patchSize, int width, int intermediateSize, int layers, int heads,
                         double layerNormEps, Activation activation) {
        public int gridSize() {
            return imageSize / patchSize;
        }

        public int tokens() {
            return gridSize() * gridSize() + 1;
        }
    }

    /**
     * @param contextLength maximum tokens (77 for CLIP)
     * @param eosTokenId    id of {@code <|endoftext|>}; the pooled output is taken at its first position
     */
    public record Text(int contextLength, int vocabSize, int width, int intermediateSize, int layers, int heads,
                       double layerNormEps, Activation activation, int bosTokenId, int eosTokenId) {
    }
}
