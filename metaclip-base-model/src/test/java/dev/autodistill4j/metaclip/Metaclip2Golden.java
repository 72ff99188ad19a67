package dev.autodistill4j.metaclip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.metaclip.checkpoint.SafetensorsReader;
import dev.autodistill4j.metaclip.checkpoint.StateDict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The MetaCLIP 2 reference outputs in {@code fixtures/metaclip2}: {@code golden.json}, {@code golden.safetensors}
 * (read with the production reader; ids are I64) and {@code tok_cases.tsv}.
 */
final class Metaclip2Golden {
    /** One tokenizer case: the text, its ids, and its ids padded or truncated to the context. */
    record TokCase(String text, int[] ids, int[] padded) {
    }

    final Path dir;
    final JsonNode json;
    final List<String> texts = new ArrayList<>();
    final List<String> images = new ArrayList<>();
    final List<TokCase> cases = new ArrayList<>();
    final float[] pixels;
    final float[] imageEmbeds;
    final float[] textEmbeds;
    final float[] logits;
    final int[][] paddedIds;
    final int[] poolIndex;
    final int dim;

    Metaclip2Golden() {
        dir = Fixtures.resolve("metaclip2");
        try {
            json = new ObjectMapper().readTree(dir.resolve("golden.json").toFile());
            for (String line : Files.readAllLines(dir.resolve("tok_cases.tsv"), StandardCharsets.UTF_8)) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                cases.add(new TokCase(new String(Base64.getDecoder().decode(f[0]), StandardCharsets.UTF_8),
                        ints(f[1]), ints(f[2])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.get("texts").forEach(t -> texts.add(t.asText()));
        json.get("images").forEach(t -> images.add(t.asText()));
        try (StateDict g = SafetensorsReader.open(dir.resolve("golden.safetensors"))) {
            pixels = g.floats("pixel_values");
            imageEmbeds = g.floats("image_embeds");
            textEmbeds = g.floats("text_embeds");
            logits = g.floats("logits_per_image");
            dim = (int) g.info("image_embeds").shape()[1];
            float[] ids = g.floats("input_ids");
            int context = (int) g.info("input_ids").shape()[1];
            paddedIds = new int[texts.size()][context];
            for (int i = 0; i < paddedIds.length; i++) {
                for (int j = 0; j < context; j++) {
                    paddedIds[i][j] = (int) ids[i * context + j];
                }
            }
            float[] pool = g.floats("text_pool_index");
            poolIndex = new int[pool.length];
            for (int i = 0; i < pool.length; i++) {
                poolIndex[i] = (int) pool[i];
            }
        }
    }

    private static int[] ints(String field) {
        return field.isBlank() ? new int[0] : Arrays.stream(field.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    float[] imageEmbed(int i) {
        return Arrays.copyOfRange(imageEmbeds, i * dim, (i + 1) * dim);
    }

    float[] textEmbed(int i) {
        return Arrays.copyOfRange(textEmbeds, i * dim, (i + 1) * dim);
    }

    float[] logitsRow(int image) {
        return Arrays.copyOfRange(logits, image * texts.size(), (image + 1) * texts.size());
    }

    int pixelsPerImage() {
        return pixels.length / images.size();
    }

    float[] pixels(int i) {
        int per = pixelsPerImage();
        return Arrays.copyOfRange(pixels, i * per, (i + 1) * per);
    }

    static double maxAbsDiff(float[] a, float[] b) {
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
