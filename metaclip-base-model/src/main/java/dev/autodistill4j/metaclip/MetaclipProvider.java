package dev.autodistill4j.metaclip;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.KnownOptions;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.model.Engine;
import dev.autodistill4j.api.spi.EngineBackends;
import dev.autodistill4j.api.spi.BaseModelProvider;
import dev.autodistill4j.api.spi.ThreadSafety;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.hub.ModelReferences;
import dev.autodistill4j.metaclip.model.ClipModel;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.checkpoint.ModelFamily;
import dev.autodistill4j.metaclip.tokenizer.ClipTokenizer;
import dev.autodistill4j.metaclip.tokenizer.HfTextTokenizer;
import dev.autodistill4j.metaclip.tokenizer.HfTokenizerFiles;
import dev.autodistill4j.metaclip.tokenizer.TextTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Provider {@code metaclip}: Meta's MetaCLIP checkpoints (and any CLIP checkpoint in Hugging Face, PyTorch or
 * OpenCLIP layout) run in Java on DJL's PyTorch engine as an embedding model — the evidence. Zero-shot
 * classification into a request's ontology is the runtime's ({@code BaseModelRegistry} wraps this model), so
 * prompts, templates, aggregation and the threshold are decided once for every provider.
 */
public final class MetaclipProvider implements BaseModelProvider {
    private static final Logger LOG = LoggerFactory.getLogger(MetaclipProvider.class);
    public static final String NAME = "metaclip";
    /** What {@code --model metaclip} alone loads. */
    public static final String DEFAULT_REFERENCE = "facebook/metaclip-b32-400m";
    public static final String LICENSE = "CC-BY-NC-4.0";
    private static final String LICENSE_NOTE = "MetaCLIP and MetaCLIP 2 (worldwide) weights are released by Meta"
            + " under CC-BY-NC 4.0: "
            + "non-commercial use only, with attribution (https://github.com/facebookresearch/MetaCLIP). Labels "
            + "and models you derive from them inherit these terms; other CLIP checkpoints carry their own licence.";

    /** This provider's options: the CLIP ones ({@link ClipOptions#KNOWN}: the runtime's zero-shot settings and `batch`) and {@value Engine#OPTION}. */
    public static final List<String> OPTIONS = java.util.stream.Stream.concat(ClipOptions.KNOWN.stream(),
            java.util.stream.Stream.of(Engine.OPTION + "=" + Engine.choices().replace(", ", "|"))).toList();

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
        List<String> v1 = ModelReferences.aliases().keySet().stream().filter(a -> !a.startsWith("mc2-")).toList();
        List<String> v2 = ModelReferences.aliases().keySet().stream().filter(a -> a.startsWith("mc2-")).toList();
        return List.of("(none): " + DEFAULT_REFERENCE, "MetaCLIP 1: " + String.join(", ", v1),
                "MetaCLIP 2 worldwide (multilingual): " + String.join(", ", v2) + " = "
                        + ModelReferences.METACLIP2_PREFIX + "<size> (mT5 variants are not supported)",
                "hf:<org>/<repo>[@revision]",
                "<folder with config.json + model.safetensors, model.safetensors.index.json or pytorch_model.bin>",
                "<OpenCLIP .pt checkpoint (model_config.json beside it is used)>");
    }

    @Override
    public String license() {
        return LICENSE_NOTE;
    }

    /**
     * Each call embeds in its own native sub-manager with PyTorch's (thread-local) grad mode off, and the
     * network's weights are only read, so threads may share one model.
     */
    @Override
    public ThreadSafety threadSafety() {
        return ThreadSafety.THREAD_SAFE;
    }

    @Override
    public BaseModel load(ModelRequest request) {
        Engine engine = Engine.of(request);
        if (engine.exported()) {
            // --engine onnx|onnx-int8: the same checkpoint, exported once into the cache, on ONNX Runtime
            return EngineBackends.load(engine, request);
        }
        KnownOptions.require(NAME, request.options(), OPTIONS);
        request = Engine.without(request);
        ClipOptions options = ClipOptions.from(request);
        String reference = request.reference() == null || request.reference().isBlank()
                ? "hf:" + DEFAULT_REFERENCE : request.reference().strip();
        Path location = resolve(reference);
        try {
            return load(request, options, reference, location);
        } catch (Autodistill4jException e) {
            throw e; // already a typed error that says what to do
        } catch (RuntimeException e) {
            // whatever a checkpoint we do not understand makes fail, the user gets one line naming it
            LOG.debug("loading {} failed", location, e);
            throw new ModelLoadException("cannot load the checkpoint " + location + " (" + e
                    + "): it is not a CLIP, MetaCLIP or MetaCLIP 2 worldwide checkpoint autodistill4j supports", e);
        }
    }

    private BaseModel load(ModelRequest request, ClipOptions options, String reference, Path location) {
        try (ClipCheckpoint checkpoint = ClipCheckpointLoader.load(location)) {
            ClipConfig config = checkpoint.config();
            ClipModel network = ClipModel.load(config, checkpoint.weights(), request.device(),
                    checkpoint.source().toString());
            TextTokenizer tokenizer = null;
            try {
                tokenizer = tokenizer(checkpoint, config);
                ClipImagePreprocessor preprocessor = new ClipImagePreprocessor(checkpoint.preprocess());
                ModelInfo info = new ModelInfo(NAME, reference, checkpoint.source().toAbsolutePath().toString(),
                        checkpoint.sha256(), licenseOf(reference), details(config, network, tokenizer));
                LOG.info("metaclip: loaded {} ({}) on {}", reference, checkpoint.source(), network.device());
                return new MetaclipModel(network, tokenizer, preprocessor, info, options.batchSize());
            } catch (RuntimeException e) {
                if (tokenizer != null) {
                    tokenizer.close();
                }
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

    /**
     * MetaCLIP 2: the checkpoint's {@code tokenizer.json}, padded with its own pad id (MetaClip2TextConfig's
     * default {@code pad_token_id} 1 when the tokenizer files do not name one); CLIP: the checkpoint's BPE files or
     * the bundled ones.
     */
    private static TextTokenizer tokenizer(ClipCheckpoint checkpoint, ClipConfig config) {
        int context = config.text().contextLength();
        if (config.family() == ModelFamily.METACLIP_2) {
            Path tokenizerJson = checkpoint.tokenizerJson();
            return HfTextTokenizer.open(tokenizerJson, context, config.text().eosTokenId(),
                    HfTokenizerFiles.padId(tokenizerJson.getParent(), 1), config.text().vocabSize());
        }
        ClipTokenizer bpe = checkpoint.vocabJson() != null && checkpoint.mergesTxt() != null
                ? ClipTokenizer.fromFiles(checkpoint.vocabJson(), checkpoint.mergesTxt(), context)
                : ClipTokenizer.bundled().withContextLength(context);
        if (bpe.vocabularySize() > config.text().vocabSize()) {
            // e.g. a MetaCLIP 2 folder whose config says model_type: clip: refuse now, not at the first prompt
            throw new CheckpointException(checkpoint.source() + ": the text tower has " + config.text().vocabSize()
                    + " token embeddings but CLIP's BPE tokenizer produces ids up to " + (bpe.vocabularySize() - 1)
                    + "; the tokenizer does not belong to these weights. Use the checkpoint's own config.json and"
                    + " tokenizer files (MetaCLIP 2 needs model_type metaclip_2 and tokenizer.json)");
        }
        return bpe;
    }

    /** Meta's released checkpoints are CC-BY-NC 4.0; for other weights the licence is not known here. */
    public static String licenseOf(String reference) {
        String r = reference.toLowerCase(Locale.ROOT);
        String key = r.startsWith("metaclip-") ? r.substring("metaclip-".length()) : r;
        return r.contains("metaclip") || ModelReferences.aliases().containsKey(key) ? LICENSE : null;
    }

    private static Map<String, Object> details(ClipConfig config, ClipModel network, TextTokenizer tokenizer) {
        ClipConfig.Vision v = config.vision();
        ClipConfig.Text t = config.text();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("architecture", String.format(Locale.ROOT,
                "ViT %dpx patch %d, %d layers x %d wide, %d heads; text %d layers x %d wide, %d heads; embed %d; %s",
                v.imageSize(), v.patchSize(), v.layers(), v.width(), v.heads(), t.layers(), t.width(), t.heads(),
                config.projectionDim(), v.activation().name().toLowerCase(Locale.ROOT)
                        + (t.activation() == v.activation() ? "" : " (text " + t.activation().name()
                        .toLowerCase(Locale.ROOT) + ")")));
        d.put("family", config.family().modelType());
        d.put("tokenizer", tokenizer.description());
        d.put("device", network.device().toString());
        d.put("precision", "float32");
        d.put("engine", "DJL PyTorch");
        d.put("engine_id", Engine.PYTORCH.id());
        d.put("logit_scale", network.logitScale());
        return d;
    }
}
