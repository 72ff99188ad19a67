package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.metaclip.model.ClipModel;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * A loaded MetaCLIP (or any CLIP) checkpoint as an {@link EmbeddingModel}: images and texts in, raw projected
 * embeddings out, equal to the reference's {@code encode_image} / {@code encode_text}.
 *
 * <p>Work is cut into batches of at most {@link #batchSize()} so memory stays bounded for any list length;
 * images of one batch are preprocessed in parallel (preprocessing is pure Java and thread-safe) before one
 * call to the network.
 */
public class MetaclipModel implements EmbeddingModel {
    private final ClipModel network;
    private final TextTokenizer tokenizer;
    private final ClipImagePreprocessor preprocessor;
    private final ModelInfo info;
    private final int batchSize;
    private final AtomicBoolean closed = new AtomicBoolean();

    MetaclipModel(ClipModel network, TextTokenizer tokenizer, ClipImagePreprocessor preprocessor, ModelInfo info,
                  int batchSize) {
        this.network = network;
        this.tokenizer = tokenizer;
        this.preprocessor = preprocessor;
        this.info = info;
        this.batchSize = batchSize;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** The network itself, for callers that bring preprocessed pixels or token ids (bench, golden tests). */
    public ClipModel network() {
        return network;
    }

    /** The checkpoint's tokenizer: CLIP BPE, or the Hugging Face tokenizer.json of a MetaCLIP 2 checkpoint. */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public ClipImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** Images or texts per network call. */
    public int batchSize() {
        return batchSize;
    }

    /** The checkpoint's own temperature, so example-based classifiers match its zero-shot scale. */
    @Override
    public double logitScale() {
        return network.logitScale();
    }

    @Override
    public int embeddingDimension() {
        return network.embeddingDimension();
    }

    @Override
    public List<float[]> embedImages(List<BufferedImage> images) {
        List<float[]> out = new ArrayList<>(images.size());
        int per = preprocessor.valuesPerImage();
        for (int start = 0; start < images.size(); start += batchSize) {
            List<BufferedImage> chunk = images.subList(start, Math.min(images.size(), start + batchSize));
            float[] pixels = new float[per * chunk.size()];
            IntStream.range(0, chunk.size()).parallel()
                    .forEach(i -> preprocessor.preprocessInto(chunk.get(i), pixels, i * per));
            out.addAll(Arrays.asList(network.encodeImages(pixels, chunk.size())));
        }
        return out;
    }

    /** Embeddings of already preprocessed images ({@code [count, 3, size, size]} back to back). */
    public float[][] embedPixels(float[] pixels, int count) {
        return network.encodeImages(pixels, count);
    }

    @Override
    public List<float[]> embedTexts(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int start = 0; start < texts.size(); start += batchSize) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + batchSize));
            int[][] ids = chunk.stream().map(tokenizer::encode).toArray(int[][]::new);
            out.addAll(Arrays.asList(network.encodeTexts(ids)));
        }
        return out;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                tokenizer.close();
            } finally {
                network.close();
            }
        }
    }
}
