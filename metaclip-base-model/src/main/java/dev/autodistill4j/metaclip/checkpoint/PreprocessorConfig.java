package dev.autodistill4j.metaclip.checkpoint;

/**
 * How images become pixel tensors for one checkpoint (Hugging Face {@code preprocessor_config.json}, or
 * CLIP's defaults at the inferred image size for checkpoints that carry none).
 *
 * @param shortestEdge resize the shorter side to this many pixels (PIL bicubic)
 * @param cropHeight   center-crop height
 * @param cropWidth    center-crop width
 * @param mean         per-channel mean (RGB), applied after scaling to [0, 1]
 * @param std          per-channel standard deviation (RGB)
 */
public record PreprocessorConfig(int shortestEdge, int cropHeight, int cropWidth, float[] mean, float[] std) {

    /** OpenAI CLIP's normalisation constants, also used by MetaCLIP. */
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    public PreprocessorConfig {
        mean = mean.clone();
        std = std.clone();
    }

    /** CLIP's preprocessing at {@code size}×{@code size}. */
    public static PreprocessorConfig clipDefaults(int size) {
        return new PreprocessorConfig(size, size, size, CLIP_MEAN, CLIP_STD);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
