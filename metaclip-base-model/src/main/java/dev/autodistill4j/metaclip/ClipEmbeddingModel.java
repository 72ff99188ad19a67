package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.Closeables;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.metaclip.model.ClipEncoder;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * A CLIP network of any engine as an {@link EmbeddingModel}: the tokenizer and {@link ClipImagePreprocessor} in
 * front of a {@link ClipEncoder}. It exists so that every engine (DJL PyTorch in {@link MetaclipModel}, ONNX
 * Runtime in the {@code onnx} module) turns images and texts into embeddings with the same code: the engines
 * differ only in the network, so their results can be compared and cannot drift apart.
 *
 * <p>Work is cut into batches of at most {@link #batchSize()} so memory stays bounded for any list length;
 * images of one batch are preprocessed in parallel (preprocessing is pure Java and thread-safe) before one
 * call to the network.
 *
 * @param <N> the engine's network type, so {@link #network()} gives callers its engine-specific API
 */
public abstract class ClipEmbeddingModel<N extends ClipEncoder> implements EmbeddingModel {
    private final N network;
    private final TextTokenizer tokenizer;
    private final ClipImagePreprocessor preprocessor;
    private final ModelInfo info;
    private final int batchSize;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes ownership of {@code network} and {@code tokenizer}: {@link #close()} closes both. */
    protected ClipEmbeddingModel(N network, TextTokenizer tokenizer, ClipImagePreprocessor preprocessor,
                                 ModelInfo info, int batchSize) {
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
    public N network() {
        return network;
    }

    /** The model's tokenizer: CLIP BPE, or the Hugging Face tokenizer.json of a MetaCLIP 2 checkpoint. */
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

    /** The checkpoint's own temperature, whatever the engine, so example-based classifiers match its zero-shot scale. */
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

    /**
     * Closes the tokenizer and the network, once: both even when the first fails (the first failure is thrown,
     * the second suppressed on it).
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Closeables.closeAll("a CLIP embedding model", tokenizer, network);
        }
    }
}
