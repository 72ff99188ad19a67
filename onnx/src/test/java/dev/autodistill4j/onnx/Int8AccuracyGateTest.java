package dev.autodistill4j.onnx;

import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.onnx.export.ClipOnnxExporter;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;
import dev.autodistill4j.onnx.export.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The int8 accuracy gate: the shapes CLIP exported in fp32 and int8, zero-shot on the whole shapes pool
 * (1,600 held-in JPEGs, 16 colour × shape classes, 'a photo of a {color} {shape}.'). Int8 accuracy must be
 * within 0.01 of fp32's, and the embeddings' cosine to fp32 is reported (and must stay high).
 */
class Int8AccuracyGateTest {

    @Test
    void int8ZeroShotStaysWithinOnePointOfFp32(@TempDir Path tmp) throws Exception {
        Path checkpoint = Fixtures.resolve("shapes/shapes-clip");
        Path fp32 = Files.createDirectories(tmp.resolve("fp32"));
        Path int8 = Files.createDirectories(tmp.resolve("int8"));
        new ClipOnnxExporter(Precision.FP32).export(checkpoint, "shapes", null, fp32);
        new ClipOnnxExporter(Precision.INT8).export(checkpoint, "shapes", null, int8);
        assertThat(Files.size(int8.resolve(ClipOnnxManifest.IMAGE_FILE)))
                .as("int8 image encoder is smaller").isLessThan(Files.size(fp32.resolve(ClipOnnxManifest.IMAGE_FILE)));

        List<String> classes = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        ImageDecoder decoder = ImageDecoder.defaults();
        try (Stream<Path> dirs = Files.list(Fixtures.resolve("shapes/images/pool"))) {
            for (Path d : dirs.sorted().toList()) {
                classes.add(d.getFileName().toString());
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : files.sorted().toList()) {
                        images.add(decoder.decode(f));
                        truth.add(classes.size() - 1);
                    }
                }
            }
        }
        List<String> prompts = classes.stream().map(c -> "a photo of a " + c.replace('_', ' ') + ".").toList();
        Result a = zeroShot(fp32, images, prompts);
        Result b = zeroShot(int8, images, prompts);
        double accA = accuracy(a.labels, truth);
        double accB = accuracy(b.labels, truth);
        int agree = 0;
        double minCos = 1;
        double sumCos = 0;
        for (int i = 0; i < images.size(); i++) {
            agree += a.labels[i] == b.labels[i] ? 1 : 0;
            double c = Embeddings.cosine(a.imageEmbeds.get(i), b.imageEmbeds.get(i));
            minCos = Math.min(minCos, c);
            sumCos += c;
        }
        double minTextCos = 1;
        for (int p = 0; p < prompts.size(); p++) {
            minTextCos = Math.min(minTextCos, Embeddings.cosine(a.textEmbeds.get(p), b.textEmbeds.get(p)));
        }
        System.err.printf(Locale.ROOT, "int8 gate on %d shapes-pool images: accuracy fp32 %.4f, int8 %.4f; labels "
                        + "agree %.4f; image cosine to fp32 mean %.5f min %.5f; text cosine min %.5f%n", images.size(),
                accA, accB, (double) agree / images.size(), sumCos / images.size(), minCos, minTextCos);
        assertThat(accA).as("fp32 zero-shot works at all").isGreaterThan(0.8);
        assertThat(Math.abs(accB - accA)).as("int8 accuracy %s vs fp32 %s", accB, accA).isLessThanOrEqualTo(0.01);
        assertThat(minCos).as("image embedding cosine int8 vs fp32").isGreaterThan(0.98);
        assertThat(minTextCos).as("text embedding cosine int8 vs fp32").isGreaterThan(0.98);
        OnnxChecker.check(int8.resolve(ClipOnnxManifest.IMAGE_FILE));
        OnnxChecker.check(int8.resolve(ClipOnnxManifest.TEXT_FILE));
    }

    private record Result(int[] labels, List<float[]> imageEmbeds, List<float[]> textEmbeds) {
    }

    private static Result zeroShot(Path dir, List<BufferedImage> images, List<String> prompts) {
        try (OnnxClipModel m = (OnnxClipModel) new OnnxProvider().load(
                new ModelRequest(dir.toString(), null, null, Map.of("batch", "64")))) {
            List<float[]> imageEmbeds = m.embedImages(images);
            List<float[]> textEmbeds = m.embedTexts(prompts);
            int[] labels = new int[images.size()];
            for (int i = 0; i < labels.length; i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < prompts.size(); p++) {
                    double c = Embeddings.cosine(imageEmbeds.get(i), textEmbeds.get(p));
                    if (c > best) {
                        best = c;
                        labels[i] = p;
                    }
                }
            }
            return new Result(labels, imageEmbeds, textEmbeds);
        }
    }

    private static double accuracy(int[] labels, List<Integer> truth) {
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            ok += labels[i] == truth.get(i) ? 1 : 0;
        }
        return (double) ok / labels.length;
    }
}
