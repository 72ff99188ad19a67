package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.metaclip.model.ClipModel;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;

/**
 * A loaded MetaCLIP (or any CLIP) checkpoint on DJL PyTorch as an {@link EmbeddingModel}: images and texts in,
 * raw projected embeddings out, equal to the reference's {@code encode_image} / {@code encode_text}. Batching,
 * preprocessing and tokenizing are {@link ClipEmbeddingModel}'s, shared with the ONNX Runtime engine.
 */
public class MetaclipModel extends ClipEmbeddingModel<ClipModel> {

    MetaclipModel(ClipModel network, TextTokenizer tokenizer, ClipImagePreprocessor preprocessor, ModelInfo info,
                  int batchSize) {
        super(network, tokenizer, preprocessor, info, batchSize);
    }

    /** Embeddings of already preprocessed images ({@code [count, 3, size, size]} back to back). */
    public float[][] embedPixels(float[] pixels, int count) {
        return network().encodeImages(pixels, count);
    }
}
