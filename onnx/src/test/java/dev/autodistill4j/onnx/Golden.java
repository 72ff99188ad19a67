package dev.autodistill4j.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.metaclip.checkpoint.SafetensorsReader;
import dev.autodistill4j.metaclip.checkpoint.StateDict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The OpenAI reference outputs in {@code fixtures/clip/golden.json} + {@code golden.safetensors}. */
final class Golden implements AutoCloseable {
    final JsonNode json;
    final StateDict tensors;
    final List<String> images = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    final int[][] ids;
    final double embedsTolerance;
    final double logitsTolerance;

    Golden() {
        Path clip = Fixtures.resolve("clip");
        try {
            json = new ObjectMapper().readTree(clip.resolve("golden.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tensors = SafetensorsReader.open(clip.resolve("golden.safetensors"));
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

    /** All golden images' 64 px pixels, back to back. */
    float[] pixels64() {
        int per = 3 * 64 * 64;
        float[] all = new float[per * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(tensors.floats("pixel_values_64." + images.get(i)), 0, all, i * per, per);
        }
        return all;
    }

    float[] row(String tensor, int i) {
        long[] shape = tensors.info(tensor).shape();
        int cols = (int) shape[1];
        return Arrays.copyOfRange(tensors.floats(tensor), i * cols, (i + 1) * cols);
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

    @Override
    public void close() {
        tensors.close();
    }
}
