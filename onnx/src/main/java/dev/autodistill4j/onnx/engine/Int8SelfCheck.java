package dev.autodistill4j.onnx.engine;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.Engine;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.onnx.OnnxProvider;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Before a long {@code --engine onnx-int8} run: the int8 and fp32 exports of the checkpoint embed the same sample
 * of the user's images, and the run goes ahead only when int8 keeps the top-1 prompt and the embeddings
 * ({@link Int8Check} thresholds). Naive int8 is known to hurt some CLIP checkpoints; the shapes fixture cannot
 * speak for the user's checkpoint and images, this check can.
 */
public final class Int8SelfCheck {
    private Int8SelfCheck() {
    }

    /** Exports (or finds) both precisions of {@code reference} in {@code backend}'s cache and compares them. */
    public static Int8Check run(OnnxEngineBackend backend, String reference, List<BufferedImage> images,
                                List<String> prompts) {
        Path fp32 = backend.export(reference, Engine.ONNX).dir();
        Path int8 = backend.export(reference, Engine.ONNX_INT8).dir();
        return compare(fp32, int8, images, prompts);
    }

    /**
     * Compares two export folders on {@code images}; top-1 over {@code prompts} (may be empty). Either kind of
     * export {@code onnx:} opens as an embedding model works: two CLIP exports, or the fp32 and int8 exports of
     * one student (whose text side both take from the student directory, so only the image tower differs).
     */
    public static Int8Check compare(Path fp32, Path int8, List<BufferedImage> images, List<String> prompts) {
        if (images.isEmpty()) {
            throw new Autodistill4jException("the int8 self-check has no image to compare on: give an input with "
                    + "images, or `engine-check` off");
        }
        Embedded a = embed(fp32, images, prompts); // one model at a time: the two never share the memory
        Embedded b = embed(int8, images, prompts);
        int agree = 0;
        double sum = 0;
        double min = 1;
        for (int i = 0; i < images.size(); i++) {
            double c = Embeddings.cosine(a.images.get(i), b.images.get(i));
            sum += c;
            min = Math.min(min, c);
            if (!prompts.isEmpty() && top1(a.images.get(i), a.texts) == top1(b.images.get(i), b.texts)) {
                agree++;
            }
        }
        double agreement = prompts.isEmpty() ? Double.NaN : (double) agree / images.size();
        return new Int8Check(images.size(), prompts.size(), agreement, sum / images.size(), min);
    }

    private record Embedded(List<float[]> images, List<float[]> texts) {
    }

    private static Embedded embed(Path dir, List<BufferedImage> images, List<String> prompts) {
        try (EmbeddingModel m = (EmbeddingModel) new OnnxProvider().load(
                new ModelRequest(dir.toString(), null, null, Map.of()))) {
            return new Embedded(m.embedImages(images), prompts.isEmpty() ? List.of() : m.embedTexts(prompts));
        }
    }

    private static int top1(float[] image, List<float[]> texts) {
        int best = -1;
        double bestCos = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < texts.size(); p++) {
            double c = Embeddings.cosine(image, texts.get(p));
            if (c > bestCos) {
                bestCos = c;
                best = p;
            }
        }
        return best;
    }
}
