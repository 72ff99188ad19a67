package dev.autodistill4j.onnx.export;

import dev.autodistill4j.datasets.Versions;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.tokenizer.ClipTokenizer;
import dev.autodistill4j.onnx.graph.GraphBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The JSON written beside an exported CLIP ({@value #FILE}): everything a program in any language needs to
 * use the two graphs — how to preprocess images, which tokenizer files and ids, the logit scale — plus where
 * the weights came from (reference, sha256), their licence, and the sha256 of every exported file.
 */
public final class ClipOnnxManifest {
    public static final String FILE = "clip-onnx.json";
    public static final String FORMAT = "autodistill4j-onnx-clip";
    public static final int FORMAT_VERSION = 1;
    public static final String IMAGE_FILE = "image_encoder.onnx";
    public static final String TEXT_FILE = "text_encoder.onnx";
    public static final String VOCAB = "vocab.json";
    public static final String MERGES = "merges.txt";

    private ClipOnnxManifest() {
    }

    static ObjectNode describe(ClipConfig config, PreprocessorConfig pre, Precision precision, float logitScale,
                               List<String> tokenizerFiles, String reference, ClipCheckpoint checkpoint,
                               String license, List<Path> files, Path dir) throws IOException {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("precision", precision.id());
        m.put("opset", GraphBuilder.OPSET);
        m.put("embedding_dimension", config.projectionDim());
        m.put("logit_scale", logitScale);
        m.put("note_logits", "logits = logit_scale * cosine(image_embeds, text_embeds); embeddings are not normalised");
        ObjectNode image = m.putObject("image_encoder");
        image.put("file", IMAGE_FILE);
        image.put("input", VisionGraph.INPUT + ": float32 [batch, 3, " + config.vision().imageSize() + ", "
                + config.vision().imageSize() + "], preprocessed as below");
        image.put("output", VisionGraph.OUTPUT + ": float32 [batch, " + config.projectionDim() + "]");
        ObjectNode text = m.putObject("text_encoder");
        text.put("file", TEXT_FILE);
        text.put("input", TextGraph.INPUT + ": int64 [batch, tokens], 1 <= tokens <= "
                + config.text().contextLength() + ", start and end tokens included; pad after the end token with any id");
        text.put("output", TextGraph.OUTPUT + ": float32 [batch, " + config.projectionDim() + "]");
        preprocessing(m.putObject("preprocessing"), pre);
        ObjectNode tok = m.putObject("tokenizer");
        tok.put("type", "clip-bpe");
        if (tokenizerFiles.contains(VOCAB)) {
            tok.put("vocab", VOCAB);
            tok.put("merges", MERGES);
        } else {
            tok.put("bpe_merges_gz", ClipTokenizer.BUNDLED_BPE);
        }
        tok.put("context_length", config.text().contextLength());
        tok.put("bos_token_id", config.text().bosTokenId());
        tok.put("eos_token_id", config.text().eosTokenId());
        tok.put("vocab_size", config.text().vocabSize());
        tok.put("text_cleaning", "ftfy-like fix, html unescape, whitespace collapse, lower case (OpenAI CLIP)");
        ObjectNode src = m.putObject("source");
        src.put("reference", reference);
        src.put("checkpoint", String.valueOf(checkpoint.source()));
        src.put("sha256", checkpoint.sha256());
        m.put("license", license == null ? "unknown: the source checkpoint's licence applies" : license);
        m.put("architecture", architecture(config));
        ObjectNode hashes = m.putObject("files");
        for (Path f : files) {
            ObjectNode e = hashes.putObject(dir.relativize(f).toString());
            e.put("sha256", ClipCheckpointLoader.sha256(f));
            e.put("bytes", Files.size(f));
        }
        m.put("exported_by", "autodistill4j " + Versions.autodistill4j());
        return m;
    }

    static void preprocessing(ObjectNode p, PreprocessorConfig pre) {
        p.put("convert", "RGB");
        p.put("resize_shortest_edge", pre.shortestEdge());
        p.put("resample", "bicubic (PIL)");
        p.put("center_crop_height", pre.cropHeight());
        p.put("center_crop_width", pre.cropWidth());
        p.put("rescale", "1/255");
        ArrayNode mean = p.putArray("mean");
        for (float v : pre.mean()) {
            mean.add(v);
        }
        ArrayNode std = p.putArray("std");
        for (float v : pre.std()) {
            std.add(v);
        }
        p.put("layout", "NCHW");
    }

    static String architecture(ClipConfig config) {
        ClipConfig.Vision v = config.vision();
        ClipConfig.Text t = config.text();
        return String.format(Locale.ROOT,
                "ViT %dpx patch %d, %d layers x %d wide, %d heads; text %d layers x %d wide, %d heads; embed %d; %s",
                v.imageSize(), v.patchSize(), v.layers(), v.width(), v.heads(), t.layers(), t.width(), t.heads(),
                config.projectionDim(), v.activation().name().toLowerCase(Locale.ROOT));
    }
}
