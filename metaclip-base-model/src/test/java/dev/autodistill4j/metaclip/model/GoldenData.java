package dev.autodistill4j.metaclip.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The reference outputs in {@code fixtures/clip/golden.json} + {@code golden.safetensors}. */
public final class GoldenData {
    public final JsonNode json;
    public final F32Safetensors tensors;
    public final List<String> images = new ArrayList<>();
    public final List<String> texts = new ArrayList<>();
    public final int[][] ids;
    public final double embedsTolerance;
    public final double logitsTolerance;

    public GoldenData() {
        try {
            Path clip = Fixtures.resolve("clip");
            json = new ObjectMapper().readTree(clip.resolve("golden.json").toFile());
            tensors = new F32Safetensors(clip.resolve("golden.safetensors"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.get("images").forEach(n -> images.add(n.asText()));
        JsonNode t = json.get("texts");
        ids = new int[t.size()][];
        for (int i = 0; i < t.size(); i++) {
            texts.add(t.get(i).get("text").asText());
            JsonNode row = t.get(i).get("ids");
            ids[i] = new int[row.size()];
            for (int j = 0; j < row.size(); j++) {
                ids[i][j] = row.get(j).asInt();
            }
        }
        embedsTolerance = json.get("tolerance").get("embeds_abs").asDouble();
        logitsTolerance = json.get("tolerance").get("logits_abs").asDouble();
    }

    public float[] pixels64(String image) {
        return tensors.floats("pixel_values_64." + image);
    }

    public float[] imageEmbed(int i) {
        return tensors.row("image_embeds", i);
    }

    public float[] textEmbed(int i) {
        return tensors.row("text_embeds", i);
    }

    public float[] logits(int image) {
        return tensors.row("logits_per_image", image);
    }

    /** Test-only reading of a Hugging Face {@code config.json} (the production loader is tested elsewhere). */
    public static ClipConfig hfConfig(Path configJson) {
        try {
            JsonNode c = new ObjectMapper().readTree(configJson.toFile());
            JsonNode v = c.get("vision_config");
            JsonNode t = c.get("text_config");
            ClipConfig.Vision vision = new ClipConfig.Vision(v.get("image_size").asInt(), v.get("patch_size").asInt(),
                    v.get("hidden_size").asInt(), v.get("intermediate_size").asInt(),
                    v.get("num_hidden_layers").asInt(), v.get("num_attention_heads").asInt(),
                    v.get("layer_norm_eps").asDouble(), ClipConfig.Activation.fromHf(v.get("hidden_act").asText()));
            ClipConfig.Text text = new ClipConfig.Text(t.get("max_position_embeddings").asInt(),
                    t.get("vocab_size").asInt(), t.get("hidden_size").asInt(), t.get("intermediate_size").asInt(),
                    t.get("num_hidden_layers").asInt(), t.get("num_attention_heads").asInt(),
                    t.get("layer_norm_eps").asDouble(), ClipConfig.Activation.fromHf(t.get("hidden_act").asText()),
                    t.get("bos_token_id").asInt(), 49407);
            return new ClipConfig(vision, text, c.get("projection_dim").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
