package dev.autodistill4j.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.metaclip.checkpoint.ConfigFields;
import dev.autodistill4j.metaclip.checkpoint.LogitScale;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.tokenizer.ClipTokenizer;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import dev.autodistill4j.onnx.export.Precision;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Every field of {@code clip-onnx.json} the provider uses, typed and ranged as the checkpoint loader ranges a
 * checkpoint ({@link ConfigFields}, {@link LogitScale}): a manifest with {@code "logit_scale": -16.82} (every
 * prediction inverted), {@code 0} (every class 0.5) or {@code "abc"} (which Jackson reads as 0) is refused
 * naming the file and the field, never coerced. The descriptive fields the exporter writes (resampling, rescale,
 * layout) must say what this reader does, so a manifest cannot claim one preprocessing while another runs.
 *
 * @param vocab  the tokenizer's {@code vocab.json} name, or null for CLIP's bundled BPE
 * @param merges the tokenizer's {@code merges.txt} name, or null for CLIP's bundled BPE
 */
record ClipOnnxFields(Precision precision, int embeddingDimension, float logitScale, PreprocessorConfig preprocessing,
                      int contextLength, int vocabSize, int bosTokenId, int eosTokenId, String vocab, String merges,
                      String sourceReference, String sourceSha256, String license, String architecture) {
    /** Largest image side a manifest may ask for (a 2048² input is 48 MiB of floats per image). */
    static final int MAX_IMAGE_SIDE = 2048;
    /** Longest token context a manifest may ask for (CLIP: 77). */
    static final int MAX_CONTEXT = 4096;
    private static final String REMEDY = "Export the model again (export `format` onnx); do not edit the manifest.";

    static ConfigFields fields(Path file) {
        return new ConfigFields(file, REMEDY);
    }

    static ClipOnnxFields read(Path file, JsonNode m) {
        ConfigFields f = fields(file);
        f.requiredWholeNumber(m, "", "format_version", ClipOnnxManifest.FORMAT_VERSION, ClipOnnxManifest.FORMAT_VERSION);
        Precision precision = Precision.fromId(f.requiredOneOf(m, "", "precision",
                Arrays.stream(Precision.values()).map(Precision::id).toList()));
        f.requiredWholeNumber(m, "", "opset", 1, 1000);
        int dimension = f.requiredSize(m, "", "embedding_dimension");
        float scale = (float) f.requiredNumber(m, "", "logit_scale", LogitScale::acceptsScale, LogitScale.scaleRange());
        PreprocessorConfig pre = preprocessing(f, f.requiredObject(m, "", "preprocessing"));
        JsonNode t = f.requiredObject(m, "", "tokenizer");
        f.requiredOneOf(t, "tokenizer", "type", List.of("clip-bpe"));
        int context = f.requiredWholeNumber(t, "tokenizer", "context_length", 2, MAX_CONTEXT);
        int vocabSize = f.requiredSize(t, "tokenizer", "vocab_size");
        int bos = f.requiredWholeNumber(t, "tokenizer", "bos_token_id", 0, vocabSize - 1);
        int eos = f.requiredWholeNumber(t, "tokenizer", "eos_token_id", 0, vocabSize - 1);
        String vocab = null;
        String merges = null;
        if (t.has("vocab") || t.has("merges")) {
            vocab = f.requiredText(t, "tokenizer", "vocab");
            merges = f.requiredText(t, "tokenizer", "merges");
        } else {
            f.requiredOneOf(t, "tokenizer", "bpe_merges_gz", List.of(ClipTokenizer.BUNDLED_BPE));
        }
        optionalText(f, t, "tokenizer", "text_cleaning");
        for (String graph : List.of("image_encoder", "text_encoder")) {
            JsonNode g = f.requiredObject(m, "", graph);
            f.requiredOneOf(g, graph, "file", List.of(graph.equals("image_encoder") ? ClipOnnxManifest.IMAGE_FILE
                    : ClipOnnxManifest.TEXT_FILE));
            optionalText(f, g, graph, "input");
            optionalText(f, g, graph, "output");
        }
        JsonNode source = m.path("source");
        if (!source.isMissingNode()) {
            f.requiredObject(m, "", "source");
        }
        optionalText(f, m, "", "note_logits");
        optionalText(f, m, "", "exported_by");
        optionalText(f, source, "source", "checkpoint");
        return new ClipOnnxFields(precision, dimension, scale, pre, context, vocabSize, bos, eos, vocab, merges,
                optionalText(f, source, "source", "reference"), optionalText(f, source, "source", "sha256"),
                optionalText(f, m, "", "license"), optionalText(f, m, "", "architecture"));
    }

    private static PreprocessorConfig preprocessing(ConfigFields f, JsonNode p) {
        String at = "preprocessing";
        f.requiredOneOf(p, at, "convert", List.of("RGB"));
        f.requiredOneOf(p, at, "resample", List.of("bicubic (PIL)"));
        f.requiredOneOf(p, at, "rescale", List.of("1/255"));
        f.requiredOneOf(p, at, "layout", List.of("NCHW"));
        int shortest = f.requiredWholeNumber(p, at, "resize_shortest_edge", 1, MAX_IMAGE_SIDE);
        int height = f.requiredWholeNumber(p, at, "center_crop_height", 1, MAX_IMAGE_SIDE);
        int width = f.requiredWholeNumber(p, at, "center_crop_width", 1, MAX_IMAGE_SIDE);
        f.require(height == width, at + ".center_crop_height " + height + " and center_crop_width " + width
                + " differ, but the image graph takes square images");
        f.require(height <= shortest, at + ".center_crop_height " + height + " is larger than resize_shortest_edge "
                + shortest + ": the crop would leave the resized image");
        return new PreprocessorConfig(shortest, height, width, f.numbers(p, at, "mean", 3, false, null),
                f.numbers(p, at, "std", 3, true, null));
    }

    /** A string at {@code parent.key}, or null when absent or null; any other type is refused. */
    private static String optionalText(ConfigFields f, JsonNode parent, String path, String key) {
        JsonNode n = parent.path(key);
        return n.isMissingNode() || n.isNull() ? null : f.requiredText(parent, path, key);
    }
}
