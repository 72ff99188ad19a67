package dev.autodistill4j.metaclip.model;

/**
 * A CLIP network as its callers see it, whatever engine runs it (DJL PyTorch here, ONNX Runtime in the
 * {@code onnx} module): preprocessed pixels or token ids in, raw projected embeddings out. Lets the benchmark
 * measure every engine with the same code, and {@code ClipEmbeddingModel} embed and classify with it.
 *
 * <p>Every engine holds native memory (a DJL NDManager, ORT sessions), which {@link #close()} releases.
 */
public interface ClipEncoder extends AutoCloseable {

    /** Input side length in pixels. */
    int imageSize();

    int embeddingDimension();

    /** {@code exp(logit_scale)}: the temperature applied to cosine similarities. */
    float logitScale();

    /** Image embeddings for {@code count} images laid out back to back, {@code [count, 3, size, size]}. */
    float[][] encodeImages(float[] batchChw, int count);

    /** Text embeddings for token ids with start and end tokens (trailing padding allowed). */
    float[][] encodeTexts(int[][] ids);

    /** Where the network runs, for reports ({@code cpu()}, {@code gpu(0)} …). */
    String deviceName();

    /** Releases the engine's native memory. */
    @Override
    void close();
}
