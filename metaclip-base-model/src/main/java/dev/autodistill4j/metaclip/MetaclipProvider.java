package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.hub.ModelReferences;
import dev.autodistill4j.metaclip.model.ClipModel;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.tokenizer.ClipTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Provider {@code metaclip}: Meta's MetaCLIP checkpoints (and any CLIP checkpoint in Hugging Face, PyTorch or
 * OpenCLIP layout) run in Java on DJL's PyTorch engine, as an embedding model and — when the request carries
 * an ontology — a zero-shot classifier.
 */
public final class MetaclipProvider implements BaseModelProvider {
    private static final Logger LOG = LoggerFactory.getLogger(MetaclipProvider.class);
    public static final String NAME = "metaclip";
    /** What {@code --model metaclip} alone loads. */
    public static final String DEFAULT_REFERENCE = "facebook/metaclip-b32-400m";
    public static final String LICENSE = "CC-BY-NC-4.0";
    private static final String LICENSE_NOTE = "MetaCLIP weights are released by Meta under CC-BY-NC 4.0: "
            + "non-commercial use only, with attribution (https://github.com/facebookresearch/MetaCLIP). Labels "
            + "and models you derive from them inherit these terms; other CLIP checkpoints carry their own licence.";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MetaCLIP zero-shot classification and image/text embeddings, run in Java on DJL's PyTorch engine";
    }

    @Override
    public List<String> references() {
        return List.of("(none): " + DEFAULT_REFERENCE, String.join(", ", ModelReferences.aliases().keySet()),
                "hf:<org>/<repo>[@revision]",
                "<folder with config.json + model.safetensors or pytorch_model.bin>",
                "<OpenCLIP .pt checkpoint (model_config.json beside it is used)>");
    }

    @Override
    public String license() {
        return LICENSE_NOTE;
    }

    @Override
    public BaseModel load(ModelRequest request) {
        ZeroShotOptions options = ZeroShotOptions.from(request);
        String reference = request.reference() == null || request.reference().isBlank()
                ? "hf:" + DEFAULT_REFERENCE : request.reference().strip();
        Path location = resolve(reference);
        try (ClipCheckpoint checkpoint = ClipCheckpointLoader.load(location)) {
            ClipConfig config = checkpoint.config();
            ClipModel network = ClipModel.load(config, checkpoint.weights(), request.device(),
                    checkpoint.source().toString());
            try {
                ClipTokenizer tokenizer = tokenizer(checkpoint, config);
                ClipImagePreprocessor preprocessor = new ClipImagePreprocessor(checkpoint.preprocess());
                ModelInfo info = new ModelInfo(NAME, reference, checkpoint.source().toAbsolutePath().toString(),
                        checkpoint.sha256(), licenseOf(reference), details(config, network, options));
                LOG.info("metaclip: loaded {} ({}) on {}", reference, checkpoint.source(), network.device());
                if (request.ontology() == null) {
                    return new MetaclipModel(network, tokenizer, preprocessor, info, options.batchSize());
                }
                return new MetaclipClassificationModel(network, tokenizer, preprocessor, info, options.batchSize(),
                        options, request.ontology());
            } catch (RuntimeException e) {
                network.close();
                throw e;
            }
        }
    }

    /**
     * A reference as a local checkpoint: aliases and {@code hf:} references are downloaded into the cache (or
     * found there) by the hub client; local paths are used in place. Errors name the reference.
     */
    static Path resolve(String reference) {
        try {
            return ModelReferences.resolve(reference);
        } catch (ModelLoadException e) {
            throw e.getMessage().contains(reference) ? e
                    : new ModelLoadException("metaclip reference '" + reference + "': " + e.getMessage(), e);
        }
    }

    private static ClipTokenizer tokenizer(ClipCheckpoint checkpoint, ClipConfig config) {
        int context = config.text().contextLength();
        if (checkpoint.vocabJson() != null && checkpoint.mergesTxt() != null) {
            return ClipTokenizer.fromFiles(checkpoint.vocabJson(), checkpoint.mergesTxt(), context);
        }
        return ClipTokenizer.bundled().withContextLength(context);
    }

    /** Meta's released checkpoints are CC-BY-NC 4.0; for other weights the licence is not known here. */
    public static String licenseOf(String reference) {
        String r = reference.toLowerCase(Locale.ROOT);
        String key = r.startsWith("metaclip-") ? r.substring("metaclip-".length()) : r;
        return r.contains("metaclip") || ModelReferences.aliases().containsKey(key) ? LICENSE : null;
    }

    private static Map<String, Object> details(ClipConfig config, ClipModel network, ZeroShotOptions options) {
        ClipConfig.Vision v = config.vision();
        ClipConfig.Text t = config.text();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("architecture", String.format(Locale.ROOT,
                "ViT %dpx patch %d, %d layers x %d wide, %d heads; text %d layers x %d wide, %d heads; embed %d; %s",
                v.imageSize(), v.patchSize(), v.layers(), v.width(), v.heads(), t.layers(), t.width(), t.heads(),
                config.projectionDim(), v.activation().name().toLowerCase(Locale.ROOT)));
        d.put("device", network.device().toString());
        d.put("precision", "float32");
        d.put("engine", "DJL PyTorch");
        d.put("aggregation", options.aggregation().name().toLowerCase(Locale.ROOT));
        d.put("templates", options.templatesName());
        d.put("logit_scale", network.logitScale());
        return d;
    }
}
