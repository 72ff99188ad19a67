package dev.autodistill4j.metaclip.checkpoint;

import java.nio.file.Path;

/**
 * A CLIP checkpoint resolved to one canonical form, whatever layout it came in.
 *
 * @param source     the weights file (model.safetensors, pytorch_model.bin, epoch_N.pt …)
 * @param sha256     hex sha256 of {@code source}, for provenance
 * @param config     the architecture
 * @param weights    tensors under Hugging Face {@code CLIPModel} names
 * @param preprocess image preprocessing for this checkpoint
 * @param vocabJson  {@code vocab.json} beside the checkpoint, or null (then the bundled CLIP BPE is used)
 * @param mergesTxt  {@code merges.txt} beside the checkpoint, or null
 * @param tokenizerJson {@code tokenizer.json} beside a MetaCLIP 2 checkpoint (its XLM-V tokenizer), or null
 */
public record ClipCheckpoint(Path source, String sha256, ClipConfig config, StateDict weights,
                             PreprocessorConfig preprocess, Path vocabJson, Path mergesTxt, Path tokenizerJson)
        implements AutoCloseable {

    /** A CLIP checkpoint (BPE tokenizer files or none). */
    public ClipCheckpoint(Path source, String sha256, ClipConfig config, StateDict weights,
                          PreprocessorConfig preprocess, Path vocabJson, Path mergesTxt) {
        this(source, sha256, config, weights, preprocess, vocabJson, mergesTxt, null);
    }

    @Override
    public void close() {
        weights.close();
    }
}
