package dev.autodistill4j.metaclip.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates OpenAI / OpenCLIP / MetaCLIP tensor names ({@code visual.transformer.resblocks.N.attn.in_proj_weight}
 * …) to Hugging Face {@code CLIPModel} names, so the network knows one naming only.
 *
 * <p>Besides renaming: the fused attention input projection is split into q, k and v; {@code visual.proj} and
 * {@code text_projection} are stored as {@code x @ proj} in OpenAI's code but as a linear layer's weight in
 * Hugging Face's, so they are transposed. Names this class does not know pass through unchanged and are
 * reported by validation.
 */
public final class OpenAiNames {
    private static final Pattern VISION_BLOCK = Pattern.compile("visual\\.transformer\\.resblocks\\.(\\d+)\\.(.+)");
    private static final Pattern TEXT_BLOCK = Pattern.compile("transformer\\.resblocks\\.(\\d+)\\.(.+)");
    private static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("visual.conv1.weight", "vision_model.embeddings.patch_embedding.weight"),
            Map.entry("visual.class_embedding", "vision_model.embeddings.class_embedding"),
            Map.entry("visual.positional_embedding", "vision_model.embeddings.position_embedding.weight"),
            Map.entry("visual.ln_pre.weight", "vision_model.pre_layrnorm.weight"),
            Map.entry("visual.ln_pre.bias", "vision_model.pre_layrnorm.bias"),
            Map.entry("visual.ln_post.weight", "vision_model.post_layernorm.weight"),
            Map.entry("visual.ln_post.bias", "vision_model.post_layernorm.bias"),
            Map.entry("token_embedding.weight", "text_model.embeddings.token_embedding.weight"),
            Map.entry("positional_embedding", "text_model.embeddings.position_embedding.weight"),
            Map.entry("ln_final.weight", "text_model.final_layer_norm.weight"),
            Map.entry("ln_final.bias", "text_model.final_layer_norm.bias"),
            Map.entry("logit_scale", "logit_scale"));
    private static final Map<String, String> TRANSPOSED = Map.of(
            "visual.proj", "visual_projection.weight",
            "text_projection", "text_projection.weight");
    private static final Map<String, String> BLOCK = Map.ofEntries(
            Map.entry("attn.out_proj.weight", "self_attn.out_proj.weight"),
            Map.entry("attn.out_proj.bias", "self_attn.out_proj.bias"),
            Map.entry("ln_1.weight", "layer_norm1.weight"),
            Map.entry("ln_1.bias", "layer_norm1.bias"),
            Map.entry("ln_2.weight", "layer_norm2.weight"),
            Map.entry("ln_2.bias", "layer_norm2.bias"),
            Map.entry("mlp.c_fc.weight", "mlp.fc1.weight"),
            Map.entry("mlp.c_fc.bias", "mlp.fc1.bias"),
            Map.entry("mlp.c_proj.weight", "mlp.fc2.weight"),
            Map.entry("mlp.c_proj.bias", "mlp.fc2.bias"));
    private static final String[] QKV = {"q_proj", "k_proj", "v_proj"};

    private OpenAiNames() {
    }

    /** True when {@code names} look like an OpenAI-style CLIP (as opposed to Hugging Face names). */
    public static boolean isOpenAiLayout(Iterable<String> names) {
        for (String n : names) {
            if (n.equals("visual.conv1.weight") || n.equals("visual.class_embedding")) {
                return true;
            }
        }
        return false;
    }

    /** A view of {@code source} (OpenAI names, prefix already removed) under Hugging Face names. */
    public static StateDict toHuggingFace(StateDict source) {
        Map<String, RenamedStateDict.Mapping> m = new LinkedHashMap<>();
        for (String name : source.names()) {
            long[] shape = source.info(name).shape();
            String fixed = FIXED.get(name);
            if (fixed != null) {
                m.put(fixed, RenamedStateDict.Mapping.copy(name));
                continue;
            }
            String transposed = TRANSPOSED.get(name);
            if (transposed != null && shape.length == 2) {
                m.put(transposed, new RenamedStateDict.Mapping(name, RenamedStateDict.Kind.TRANSPOSE, 0));
                continue;
            }
            Matcher vm = VISION_BLOCK.matcher(name);
            Matcher tm = TEXT_BLOCK.matcher(name);
            if (vm.matches() && block(m, name, "vision_model.encoder.layers." + vm.group(1) + ".", vm.group(2), shape)) {
                continue;
            }
            if (tm.matches() && block(m, name, "text_model.encoder.layers." + tm.group(1) + ".", tm.group(2), shape)) {
                continue;
            }
            m.put(name, RenamedStateDict.Mapping.copy(name));
        }
        return new RenamedStateDict(source, m);
    }

    private static boolean block(Map<String, RenamedStateDict.Mapping> m, String name, String prefix, String rest,
                                 long[] shape) {
        String simple = BLOCK.get(rest);
        if (simple != null) {
            m.put(prefix + simple, RenamedStateDict.Mapping.copy(name));
            return true;
        }
        boolean fusedWeight = rest.equals("attn.in_proj_weight") && shape.length == 2;
        boolean fusedBias = rest.equals("attn.in_proj_bias") && shape.length == 1;
        if ((fusedWeight || fusedBias) && shape[0] % 3 == 0) {
            for (int part = 0; part < 3; part++) {
                m.put(prefix + "self_attn." + QKV[part] + (fusedWeight ? ".weight" : ".bias"),
                        new RenamedStateDict.Mapping(name, RenamedStateDict.Kind.THIRD, part));
            }
            return true;
        }
        return false;
    }

    /** A view of {@code source} with {@code prefix} removed from every name that has it. */
    public static StateDict stripPrefix(StateDict source, String prefix) {
        Map<String, RenamedStateDict.Mapping> m = new LinkedHashMap<>();
        for (String name : source.names()) {
            String stripped = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
            RenamedStateDict.Mapping previous = m.put(stripped, RenamedStateDict.Mapping.copy(name));
            if (previous != null) {
                throw new CheckpointException("checkpoint holds both '" + previous.source() + "' and '" + name
                        + "', which are the same tensor once the '" + prefix + "' prefix is removed; re-save it");
            }
        }
        return new RenamedStateDict(source, m);
    }
}
