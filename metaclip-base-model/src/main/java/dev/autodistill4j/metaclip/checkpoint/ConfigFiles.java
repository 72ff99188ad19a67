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
        try {
            int vWidth = v.path("hidden_size").asInt(768);
            ClipConfig.Vision vision = new ClipConfig.Vision(
                    v.path("image_size").asInt(224), v.path("patch_size").asInt(32), vWidth,
                    v.path("intermediate_size").asInt(3072), v.path("num_hidden_layers").asInt(12),
                    v.path("num_attention_heads").asInt(12), v.path("layer_norm_eps").asDouble(EPS),
                    ClipConfig.Activation.fromHf(v.path("hidden_act").asText("quick_gelu")));
            int vocab = t.path("vocab_size").asInt(49408);
            int bos = t.path("bos_token_id").asInt(vocab - 2);
            int eos = t.path("eos_token_id").asInt(vocab - 1);
            if (eos == 2 && family == ModelFamily.CLIP) {
                // transformers treats eos_token_id == 2 as the legacy configs, pooling at argmax(input_ids),
                // which is the end-of-text token, the largest id of the vocabulary
                eos = vocab - 1;
                bos = vocab - 2;
            }
            ClipConfig.Text text = new ClipConfig.Text(
                    t.path("max_position_embeddings").asInt(77), vocab, t.path("hidden_size").asInt(512),
                    t.path("intermediate_size").asInt(2048), t.path("num_hidden_layers").asInt(12),
                    t.path("num_attention_heads").asInt(8), t.path("layer_norm_eps").asDouble(EPS),
                    ClipConfig.Activation.fromHf(t.path("hidden_act").asText("quick_gelu")), bos, eos);
            return new ClipConfig(vision, text, root.path("projection_dim").asInt(512), family);
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
        ClipConfig.Activation act = root.path("quick_gelu").asBoolean(true)
                ? ClipConfig.Activation.QUICK_GELU : ClipConfig.Activation.GELU;
        int vWidth = v.path("width").asInt(768);
        double vRatio = v.path("mlp_ratio").asDouble(4.0);
        ClipConfig.Vision vision = new ClipConfig.Vision(v.path("image_size").asInt(224),
                v.path("patch_size").asInt(16), vWidth, (int) (vWidth * vRatio), v.path("layers").asInt(12),
                vWidth / v.path("head_width").asInt(ArchitectureInference.HEAD_WIDTH), EPS, act);
        int tWidth = t.path("width").asInt(512);
        int vocab = t.path("vocab_size").asInt(49408);
        ClipConfig.Text text = new ClipConfig.Text(t.path("context_length").asInt(77), vocab, tWidth,
                (int) (tWidth * t.path("mlp_ratio").asDouble(4.0)), t.path("layers").asInt(12),
                t.path("heads").asInt(8), EPS, act, vocab - 2, vocab - 1);
        return new ClipConfig(vision, text, root.path("embed_dim").asInt());
    }

    /**
     * OpenCLIP's {@code preprocess_cfg} ({@code mean}, {@code std}) when present, CLIP's constants otherwise;
     * OpenCLIP resizes the shortest side to the model's image size and crops it square.
     */
    public static PreprocessorConfig readOpenClipPreprocess(Path file, int imageSize) {
        JsonNode p = read(file).path("preprocess_cfg");
        return new PreprocessorConfig(imageSize, imageSize, imageSize,
                triple(file, p.path("mean"), PreprocessorConfig.CLIP_MEAN),
                triple(file, p.path("std"), PreprocessorConfig.CLIP_STD));
    }

    /**
     * Hugging Face {@code preprocessor_config.json}; {@code size} may be an int, {@code {shortest_edge}} or
     * {@code {height, width}} (see {@link HfPreprocessorConfig}).
     */
    public static PreprocessorConfig readPreprocessor(Path file, int imageSize) {
        return HfPreprocessorConfig.read(file, read(file), imageSize);
    }

    static float[] triple(Path file, JsonNode n, float[] fallback) {
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isArray() || n.size() != 3) {
            throw new CheckpointException(file + ": image_mean/image_std must be three numbers, found " + n);
        }
        return new float[]{(float) n.get(0).asDouble(), (float) n.get(1).asDouble(), (float) n.get(2).asDouble()};
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
