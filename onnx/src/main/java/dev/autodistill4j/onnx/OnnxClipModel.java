package dev.autodistill4j.onnx;

import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.metaclip.ClipEmbeddingModel;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;
import dev.autodistill4j.onnx.runtime.OnnxClipNetwork;

/**
 * An exported CLIP as an {@link EmbeddingModel}: the metaclip tokenizer and preprocessing in front of the ONNX
 * graphs. Batching, preprocessing and tokenizing are {@link ClipEmbeddingModel}'s, the same code the DJL
 * PyTorch engine runs, so the two engines differ only in the network.
 */
public class OnnxClipModel extends ClipEmbeddingModel<OnnxClipNetwork> {

    OnnxClipModel(OnnxClipNetwork network, TextTokenizer tokenizer, ClipImagePreprocessor preprocessor,
                  ModelInfo info, int batchSize) {
        super(network, tokenizer, preprocessor, info, batchSize);
    }
}
