package dev.autodistill4j.bench.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.metaclip.model.ClipEncoder;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.preprocess.VectorApi;
import dev.autodistill4j.runtime.image.ImageDecoder;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an image's time goes end to end: each stage of the label/embed path — read the file, decode it, resize
 * and crop (Pillow bicubic), normalise, the network (per image of a batch), write the result as a JSON line —
 * timed on its own, one stage over all images at a time on one thread, after one untimed pass (JIT, caches).
 * The stages run one after another here, so their sum is the serial cost of an image; the pipeline overlaps the
 * network with the others, so its rate is bound by the larger of "network" and the rest divided by the workers.
 */
final class StageBreakdown {
    static final List<String> STAGES = List.of("read", "decode", "resize", "normalise", "network", "write");
    private static final ObjectMapper JSON = new ObjectMapper();

    private StageBreakdown() {
    }

    /** Milliseconds per image by stage ({@link #STAGES} order) over {@code files}, network in batches of {@code batch}. */
    static Map<String, Double> measure(ClipEncoder model, ClipImagePreprocessor preprocessor, List<Path> files,
                                       int batch) {
        once(model, preprocessor, files.subList(0, Math.min(files.size(), batch)), batch, new long[STAGES.size()]);
        long[] nanos = new long[STAGES.size()];
        once(model, preprocessor, files, batch, nanos);
        Map<String, Double> ms = new LinkedHashMap<>();
        for (int s = 0; s < STAGES.size(); s++) {
            ms.put(STAGES.get(s), Math.round(nanos[s] / 1e6 / files.size() * 1000) / 1000.0);
        }
        return ms;
    }

    private static void once(ClipEncoder model, ClipImagePreprocessor preprocessor, List<Path> files, int batch,
                             long[] nanos) {
        ImageDecoder decoder = ImageDecoder.defaults();
        PreprocessorConfig c = preprocessor.config();
        int plane = c.cropHeight() * c.cropWidth();
        long t = System.nanoTime();
        List<byte[]> bytes = new ArrayList<>(files.size());
        for (Path f : files) {
            bytes.add(read(f));
        }
        t = lap(nanos, 0, t);
        List<BufferedImage> images = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            images.add(decoder.decode(files.get(i), bytes.get(i)));
        }
        t = lap(nanos, 1, t);
        List<int[]> crops = new ArrayList<>(files.size());
        for (BufferedImage im : images) {
            crops.add(preprocessor.resizeAndCrop(im));
        }
        t = lap(nanos, 2, t);
        float[] pixels = new float[files.size() * 3 * plane];
        for (int i = 0; i < crops.size(); i++) {
            ClipImagePreprocessor.normalizeInto(crops.get(i), plane, pixels, i * 3 * plane, c.mean(), c.std(),
                    VectorApi.enabled());
        }
        t = lap(nanos, 3, t);
        List<float[]> embeddings = new ArrayList<>(files.size());
        for (int start = 0; start + batch <= files.size(); start += batch) {
            float[] chunk = new float[batch * 3 * plane];
            System.arraycopy(pixels, start * 3 * plane, chunk, 0, chunk.length);
            embeddings.addAll(List.of(model.encodeImages(chunk, batch)));
        }
        long network = System.nanoTime() - t;
        // scale to all images when the last partial batch was not run
        nanos[4] += embeddings.isEmpty() ? 0 : network * files.size() / embeddings.size();
        t = System.nanoTime();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        for (int i = 0; i < embeddings.size(); i++) {
            write(sink, files.get(i), embeddings.get(i));
        }
        nanos[5] += embeddings.isEmpty() ? 0 : (System.nanoTime() - t) * files.size() / embeddings.size();
    }

    private static long lap(long[] nanos, int stage, long since) {
        long now = System.nanoTime();
        nanos[stage] += now - since;
        return now;
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException("bench cannot read " + f, e);
        }
    }

    private static void write(ByteArrayOutputStream sink, Path f, float[] embedding) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", f.toString());
        line.put("embedding", embedding);
        try {
            JSON.writeValue(sink, line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sink.write('\n');
    }

    /** The result row: milliseconds per image by stage, their shares, and the bound of a two-stage pipeline. */
    static Map<String, Object> row(String label, int batch, int images, Map<String, Double> ms) {
        double total = ms.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Object> share = new LinkedHashMap<>();
        ms.forEach((k, v) -> share.put(k, Math.round(v / total * 1000) / 1000.0));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("bench", "stages");
        line.put("model", label);
        line.put("batch", batch);
        line.put("images", images);
        line.put("ms_per_image", ms);
        line.put("share", share);
        line.put("serial_ms_per_image", Math.round(total * 1000) / 1000.0);
        line.put("dominant", ms.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
        return line;
    }
}
