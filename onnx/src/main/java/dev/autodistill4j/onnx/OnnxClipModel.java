package dev.autodistill4j.onnx;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.ClipTokenizer;
import dev.autodistill4j.onnx.runtime.OnnxClipNetwork;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An exported CLIP as an {@link EmbeddingModel}: the metaclip tokenizer and preprocessing in front of the ONNX
 * graphs, in batches of at most {@link #batchSize()}; a batch's images are preprocessed in parallel.
 */
public class OnnxClipModel implements EmbeddingModel {
    private final OnnxClipNetwork network;
    private final ClipTokenizer tokenizer;
    private final ClipImagePreprocessor preprocessor;
    private final ModelInfo info;
    private final int batchSize;

    OnnxClipModel(OnnxClipNetwork network, ClipTokenizer tokenizer, ClipImagePreprocessor preprocessor,
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

    /** The graphs themselves, for callers with preprocessed pixels or token ids (bench, tests). */
    public OnnxClipNetwork network() {
        return network;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    public ClipImagePreprocessor preprocessor() {
        return preprocessor;
    }

    public int batchSize() {
        return batchSize;
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

    @Override
    public void close() {
        network.close();
    }
}
