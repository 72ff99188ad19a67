package dev.autodistill4j.onnx.export;

import dev.autodistill4j.datasets.OutputFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ModelFamily;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.tokenizer.ClipTokenizer;
import dev.autodistill4j.onnx.graph.GraphBuilder;
import dev.autodistill4j.onnx.graph.OnnxFileWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a CLIP checkpoint (any layout the {@code metaclip} provider loads: its state dict is already under
 * Hugging Face names) as two ONNX graphs, {@value ClipOnnxManifest#IMAGE_FILE} and
 * {@value ClipOnnxManifest#TEXT_FILE}, plus the tokenizer files and {@value ClipOnnxManifest#FILE}
 * (preprocessing, tokenizer, logit scale, source checkpoint sha256, licence, file hashes).
 */
public final class ClipOnnxExporter {
    private static final Logger LOG = LoggerFactory.getLogger(ClipOnnxExporter.class);

    private final Precision precision;
    private final OnnxFileWriter writer;

    public ClipOnnxExporter(Precision precision) {
        this(precision, new OnnxFileWriter());
    }

    public ClipOnnxExporter(Precision precision, OnnxFileWriter writer) {
        this.precision = precision;
        this.writer = writer;
    }

    /**
     * Writes the export into {@code dir} (which must exist and should be empty; see {@link ExportDirectory}).
     *
     * @param reference what the user named (alias, hf: reference, path), recorded as provenance
     * @param license   the weights' licence, or null when unknown
     * @return the manifest written
     */
    public ObjectNode export(ClipCheckpoint checkpoint, String reference, String license, Path dir)
            throws IOException {
        ClipConfig config = checkpoint.config();
        String source = String.valueOf(checkpoint.source());
        if (config.family() != ModelFamily.CLIP) {
            // MetaCLIP 2 tokenises with its own tokenizer.json (XLM-V) and pools at the first </s>: neither is in
            // these graphs or in the onnx provider yet, so an export would embed texts wrongly
            throw new Autodistill4jException(source + " is a " + config.family().modelType() + " checkpoint; ONNX "
                    + "export supports CLIP/MetaCLIP 1 checkpoints only for now: use `model` metaclip:" + reference
                    + " with the PyTorch engine instead");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source_reference", reference);
        metadata.put("source_sha256", checkpoint.sha256());
        metadata.put("license", license == null ? "unknown: see the source checkpoint" : license);
        metadata.put("precision", precision.id());

        CheckedWeights weights = new CheckedWeights(checkpoint.weights(), source);
        GraphBuilder image = VisionGraph.build(weights, config, precision);
        weights.verify();
        List<Path> files = new ArrayList<>(writer.write(image, dir.resolve(ClipOnnxManifest.IMAGE_FILE), metadata));
        LOG.info("onnx: image encoder written ({} MB of weights)", image.weightBytes() >> 20);
        image = null; // let the image tower's weights be collected before the text tower's are read
        GraphBuilder text = TextGraph.build(weights, config, precision);
        weights.verify();
        files.addAll(writer.write(text, dir.resolve(ClipOnnxManifest.TEXT_FILE), metadata));
        LOG.info("onnx: text encoder written ({} MB of weights)", text.weightBytes() >> 20);
        float logitScale = (float) Math.exp(weights.scalar("logit_scale", (float) Math.log(1 / 0.07)));
        weights.verify();
        List<String> tokenizerFiles = copyTokenizer(checkpoint, dir);
        for (String t : tokenizerFiles) {
            files.add(dir.resolve(t));
        }
        ObjectNode manifest = ClipOnnxManifest.describe(config, checkpoint.preprocess(), precision, logitScale,
                tokenizerFiles, reference, checkpoint, license, files, dir);
        Path file = dir.resolve(ClipOnnxManifest.FILE);
        try (var out = OutputFiles.openTruncate(file)) { // never through a link
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, manifest);
        }
        return manifest;
    }

    /** Exports a checkpoint file or folder in one call (loads, exports, closes). */
    public ObjectNode export(Path checkpointPath, String reference, String license, Path dir) throws IOException {
        try (ClipCheckpoint checkpoint = ClipCheckpointLoader.load(checkpointPath)) {
            return export(checkpoint, reference, license, dir);
        }
    }

    /**
     * The checkpoint's {@code vocab.json} + {@code merges.txt}, or — for checkpoints without tokenizer files —
     * CLIP's BPE merges as shipped with OpenAI's reference ({@value ClipTokenizer#BUNDLED_BPE}).
     */
    private static List<String> copyTokenizer(ClipCheckpoint checkpoint, Path dir) throws IOException {
        if (checkpoint.vocabJson() != null && checkpoint.mergesTxt() != null) {
            Files.copy(checkpoint.vocabJson(), dir.resolve(ClipOnnxManifest.VOCAB));
            Files.copy(checkpoint.mergesTxt(), dir.resolve(ClipOnnxManifest.MERGES));
            return List.of(ClipOnnxManifest.VOCAB, ClipOnnxManifest.MERGES);
        }
        try (InputStream in = ClipTokenizer.class.getResourceAsStream(ClipTokenizer.BUNDLED_BPE)) {
            if (in == null) {
                throw new IOException(ClipTokenizer.BUNDLED_BPE + " is missing from the metaclip-base-model jar");
            }
            Files.copy(in, dir.resolve(ClipTokenizer.BUNDLED_BPE));
        }
        return List.of(ClipTokenizer.BUNDLED_BPE);
    }
}
