package dev.autodistill4j.metaclip.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the JSON files that sit beside CLIP weights: Hugging Face {@code config.json} and
 * {@code preprocessor_config.json}, and OpenCLIP's {@code model_config.json}.
 *
 * <p>Absent keys take the defaults of the library that wrote the file (transformers' {@code CLIPConfig},
 * OpenCLIP's {@code CLIPVisionCfg}/{@code CLIPTextCfg}), so a config means what it meant to its authors.
 * The one deliberate exception: OpenCLIP defaults {@code quick_gelu} to false, but MetaCLIP v1 was trained with
 * QuickGELU and its configs say so, so a config that does not say is read as QuickGELU.
 */
public final class ConfigFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = 1e-5;

    private ConfigFiles() {
    }

    /** Hugging Face {@code CLIPModel} {@code config.json}; without a {@code model_type} it is read as CLIP. */
    public static ClipConfig readHfConfig(Path file) {
        return readHfConfig(file, ModelFamily.CLIP);
    }

    /**
     * Hugging Face {@code CLIPModel} or {@code MetaClip2Model} {@code config.json}.
     *
     * @param whenUnspecified the family to assume when the file names neither {@code model_type} nor a known
     *                        architecture (the loader decides it from the folder's tokenizer files)
     * @throws CheckpointException for any other {@code model_type} (SigLIP, ALIGN, …): one line saying what is
     *                             supported, instead of a wrong network or a stack trace later
     */
    public static ClipConfig readHfConfig(Path file, ModelFamily whenUnspecified) {
        JsonNode root = read(file);
        JsonNode v = root.path("vision_config");
        JsonNode t = root.path("text_config");
        if (!v.isObject() || !t.isObject()) {
            throw new CheckpointException(file + " is not a CLIPModel config: it lacks vision_config/text_config."
                    + " Use the config.json that came with the weights.");
        }
        ModelFamily declared = declaredFamily(file, root);
        ModelFamily family = declared != null ? declared : whenUnspecified;
        ConfigFields f = new ConfigFields(file);
        String vp = "vision_config";
        String tp = "text_config";
        try {
            ClipConfig.Vision vision = new ClipConfig.Vision(
                    f.size(v, vp, "image_size", 224), f.size(v, vp, "patch_size", 32), f.size(v, vp, "hidden_size", 768),
                    f.size(v, vp, "intermediate_size", 3072), f.size(v, vp, "num_hidden_layers", 12),
                    f.size(v, vp, "num_attention_heads", 12), f.positive(v, vp, "layer_norm_eps", EPS),
                    ClipConfig.Activation.fromHf(f.text(v, vp, "hidden_act", "quick_gelu")));
            int vocab = f.size(t, tp, "vocab_size", 49408);
            int bos = f.wholeNumber(t, tp, "bos_token_id", vocab - 2, 0);
            int eos = f.wholeNumber(t, tp, "eos_token_id", vocab - 1, 0);
            if (eos == 2 && family == ModelFamily.CLIP) {
                // transformers treats eos_token_id == 2 as the legacy configs, pooling at argmax(input_ids),
                // which is the end-of-text token, the largest id of the vocabulary
                eos = vocab - 1;
                bos = vocab - 2;
            }
            ClipConfig.Text text = new ClipConfig.Text(
                    f.wholeNumber(t, tp, "max_position_embeddings", 77, 2), vocab, f.size(t, tp, "hidden_size", 512),
                    f.size(t, tp, "intermediate_size", 2048), f.size(t, tp, "num_hidden_layers", 12),
                    f.size(t, tp, "num_attention_heads", 8), f.positive(t, tp, "layer_norm_eps", EPS),
                    ClipConfig.Activation.fromHf(f.text(t, tp, "hidden_act", "quick_gelu")), bos, eos);
            ClipConfig config = new ClipConfig(vision, text, f.size(root, "", "projection_dim", 512), family);
            checkArchitecture(f, config, new String[] {vp + ".hidden_size", vp + ".num_attention_heads",
                    tp + ".hidden_size", tp + ".num_attention_heads", tp + ".bos_token_id/eos_token_id"});
            return config;
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The family {@code model_type} (or, when it is absent, {@code architectures}) names; null when the file names
     * neither. MetaClip2TextConfig/VisionConfig have the same class defaults as CLIP's (vocab 49408, widths
     * 512/768, quick_gelu in both towers, eos 49407), so the two families share the reading below; only
     * transformers' legacy {@code eos_token_id == 2} rule is CLIP's alone — for MetaCLIP 2, 2 is the real
     * {@code </s>}.
     */
    static ModelFamily declaredFamily(Path file, JsonNode root) {
        String type = root.path("model_type").asText("");
        for (ModelFamily f : ModelFamily.values()) {
            if (f.modelType().equals(type)) {
                return f;
            }
        }
        if (!type.isEmpty()) {
            throw new CheckpointException(file + " describes a '" + type + "' model, which the metaclip provider "
                    + "does not load (supported model_type: clip, metaclip_2); use a CLIP, MetaCLIP or MetaCLIP 2 "
                    + "worldwide checkpoint");
        }
        for (JsonNode a : root.path("architectures")) {
            if (a.asText("").startsWith("MetaClip2")) {
                return ModelFamily.METACLIP_2;
            }
            if (a.asText("").startsWith("CLIP")) {
                return ModelFamily.CLIP;
            }
        }
        return null;
    }

    /**
     * Relations between fields that the network relies on: attention heads split the width evenly, a patch fits
     * in the image, the start/end tokens are in the vocabulary. {@code names} are the fields as the file calls
     * them: vision width, vision heads, text width, text heads, special tokens.
     */
    private static void checkArchitecture(ConfigFields f, ClipConfig c, String[] names) {
        ClipConfig.Vision v = c.vision();
        ClipConfig.Text t = c.text();
        f.require(v.width() % v.heads() == 0, names[1] + " (" + v.heads() + ") must divide " + names[0] + " ("
                + v.width() + ")");
        f.require(t.width() % t.heads() == 0, names[3] + " (" + t.heads() + ") must divide " + names[2] + " ("
                + t.width() + ")");
        f.require(c.projectionDim() >= 1, "the embedding size (projection_dim / embed_dim) is missing");
        f.require(v.patchSize() <= v.imageSize(), "the vision patch_size (" + v.patchSize()
                + ") is larger than image_size (" + v.imageSize() + ")");
        f.require(t.bosTokenId() < t.vocabSize() && t.eosTokenId() < t.vocabSize(), names[4] + " ("
                + t.bosTokenId() + ", " + t.eosTokenId() + ") must be below the vocabulary size (" + t.vocabSize() + ")");
    }

    /** OpenCLIP {@code model_config.json} ({@code embed_dim}, {@code quick_gelu}, {@code vision_cfg}, {@code text_cfg}). */
    public static ClipConfig readOpenClipConfig(Path file) {
        JsonNode root = read(file);
        if (root.path("model_cfg").isObject()) {
            root = root.path("model_cfg"); // open_clip_config.json of OpenCLIP's hub repos wraps the model config
        }
        JsonNode v = root.path("vision_cfg");
        JsonNode t = root.path("text_cfg");
        if (!root.has("embed_dim") || !v.isObject() || !t.isObject()) {
            throw new CheckpointException(file + " is not an OpenCLIP model config: it needs embed_dim, vision_cfg"
                    + " and text_cfg.");
        }
        if (v.has("timm_model_name") && !v.path("timm_model_name").isNull()) {
            throw new CheckpointException(file + " describes a timm image tower ("
                    + v.path("timm_model_name").asText() + "); only ViT CLIP towers are supported.");
        }
        ConfigFields f = new ConfigFields(file);
        String vp = "vision_cfg";
        String tp = "text_cfg";
        ClipConfig.Activation act = f.flag(root, "", "quick_gelu", true)
                ? ClipConfig.Activation.QUICK_GELU : ClipConfig.Activation.GELU;
        int vWidth = f.size(v, vp, "width", 768);
        int headWidth = f.size(v, vp, "head_width", ArchitectureInference.HEAD_WIDTH);
        f.require(vWidth % headWidth == 0, vp + ".head_width (" + headWidth + ") must divide " + vp + ".width ("
                + vWidth + ")");
        ClipConfig.Vision vision = new ClipConfig.Vision(f.size(v, vp, "image_size", 224),
                f.size(v, vp, "patch_size", 16), vWidth, mlpSize(f, v, vp, vWidth), f.size(v, vp, "layers", 12),
                vWidth / headWidth, EPS, act);
        int tWidth = f.size(t, tp, "width", 512);
        int vocab = f.size(t, tp, "vocab_size", 49408);
        ClipConfig.Text text = new ClipConfig.Text(f.wholeNumber(t, tp, "context_length", 77, 2), vocab, tWidth,
                mlpSize(f, t, tp, tWidth), f.size(t, tp, "layers", 12), f.size(t, tp, "heads", 8), EPS, act,
                vocab - 2, vocab - 1);
        ClipConfig config = new ClipConfig(vision, text, f.size(root, "", "embed_dim", 0));
        checkArchitecture(f, config, new String[] {vp + ".width", vp + ".width/head_width", tp + ".width",
                tp + ".heads", tp + ".vocab_size"});
        return config;
    }

    /** OpenCLIP's MLP width: {@code width × mlp_ratio} (4 by default), at least 1. */
    private static int mlpSize(ConfigFields f, JsonNode tower, String path, int width) {
        double ratio = f.positive(tower, path, "mlp_ratio", 4.0);
        f.require(width * ratio >= 1 && width * ratio <= ConfigFields.MAX_SIZE, path + ".mlp_ratio (" + ratio
                + ") gives an MLP width outside 1.." + ConfigFields.MAX_SIZE);
        return (int) (width * ratio);
    }

    /**
     * OpenCLIP's {@code preprocess_cfg} ({@code mean}, {@code std}) when present, CLIP's constants otherwise;
     * OpenCLIP resizes the shortest side to the model's image size and crops it square.
     */
    public static PreprocessorConfig readOpenClipPreprocess(Path file, int imageSize) {
        JsonNode p = read(file).path("preprocess_cfg");
        ConfigFields f = new ConfigFields(file);
        return new PreprocessorConfig(imageSize, imageSize, imageSize,
                f.numbers(p, "preprocess_cfg", "mean", 3, false, PreprocessorConfig.clipMean()),
                f.numbers(p, "preprocess_cfg", "std", 3, true, PreprocessorConfig.clipStd()));
    }

    /**
     * Hugging Face {@code preprocessor_config.json}; {@code size} may be an int, {@code {shortest_edge}} or
     * {@code {height, width}} (see {@link HfPreprocessorConfig}).
     */
    public static PreprocessorConfig readPreprocessor(Path file, int imageSize) {
        return HfPreprocessorConfig.read(file, read(file), imageSize);
    }

    static JsonNode read(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new CheckpointException(file + " is not a JSON object; re-download it.");
            }
            return root;
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + " (" + e.getMessage() + "); re-download it.", e);
        }
    }
}
