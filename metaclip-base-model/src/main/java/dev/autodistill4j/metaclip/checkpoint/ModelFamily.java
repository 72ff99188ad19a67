package dev.autodistill4j.metaclip.checkpoint;

/**
 * Which CLIP family a checkpoint belongs to. The network is the same; what differs is the tokenizer, the
 * config defaults and the pooling fallback.
 */
public enum ModelFamily {
    /**
     * OpenAI CLIP and MetaCLIP 1 ({@code model_type: clip}): CLIP's byte-level BPE, pooling at the first
     * {@code <|endoftext|>} or, when a row has none, at its highest id (OpenAI's {@code argmax}).
     */
    CLIP("clip"),
    /**
     * MetaCLIP 2 "worldwide" ({@code model_type: metaclip_2}, transformers' {@code MetaClip2Model}): XLM-V
     * sentencepiece {@code tokenizer.json}, pooling at the first {@code eos_token_id} or, when a row has none, at
     * position 0 ({@code (ids == eos).int().argmax(-1)}).
     */
    METACLIP_2("metaclip_2");

    private final String modelType;

    ModelFamily(String modelType) {
        this.modelType = modelType;
    }

    /** transformers' {@code model_type} string. */
    public String modelType() {
        return modelType;
    }
}
