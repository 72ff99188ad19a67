package dev.autodistill4j.trainers.linear;

import dev.autodistill4j.datasets.OutputFiles;
import dev.autodistill4j.datasets.StagingPaths;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.data.Hashing;
import dev.autodistill4j.trainers.data.Images;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image embeddings of a dataset, computed once per (image content, base model) and kept in
 * {@code <dataset>/.autodistill4j-cache/embeddings-<model key>.bin}.
 *
 * <p>Keys are the image file's sha256 and the model's checkpoint sha256, so renaming or moving images keeps the
 * cache valid while editing an image or switching weights does not reuse a stale vector. The file ends with
 * the sha256 of its content: a truncated or corrupt cache is detected, logged and rebuilt, never trusted.
 */
public final class EmbeddingCache {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);
    private static final byte[] MAGIC = "AD4JEMB1".getBytes(StandardCharsets.US_ASCII);
    public static final String FOLDER = ".autodistill4j-cache";
    private static final int BATCH = 32;

    private final Path file;
    private final String modelKey;

    private EmbeddingCache(Path file, String modelKey) {
        this.file = file;
        this.modelKey = modelKey;
    }

    /** The cache for {@code model} in {@code datasetRoot}. */
    public static EmbeddingCache forDataset(Path datasetRoot, EmbeddingModel model) {
        String key = modelKey(model.info());
        return new EmbeddingCache(datasetRoot.resolve(FOLDER).resolve("embeddings-" + key.substring(0, 16) + ".bin"),
                key);
    }

    /** Identifies the weights: checkpoint sha256 when known, otherwise the provider spec and its details. */
    static String modelKey(ModelInfo info) {
        String id = info.checkpointSha256() != null ? info.provider() + "|" + info.checkpointSha256()
                : info.spec() + "|" + new java.util.TreeMap<>(info.details());
        return Hashing.sha256(id);
    }

    public Path file() {
        return file;
    }

    /** Embeddings for {@code images} (same order), computing only those missing from the cache. */
    public List<float[]> embed(List<Path> images, EmbeddingModel model, ProgressListener progress) {
        progress = ProgressListener.orNone(progress);
        Map<String, float[]> cached = read(model.embeddingDimension());
        List<String> keys = new ArrayList<>(images.size());
        for (Path p : images) {
            keys.add(HexFormat.of().formatHex(Hashing.sha256Bytes(p)));
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (!cached.containsKey(keys.get(i))) {
                missing.add(i);
            }
        }
        LOG.info("embeddings: {} of {} images cached in {}", images.size() - missing.size(), images.size(), file);
        long done = 0;
        for (int start = 0; start < missing.size(); start += BATCH) {
            List<Integer> chunk = missing.subList(start, Math.min(missing.size(), start + BATCH));
            List<BufferedImage> batch = new ArrayList<>(chunk.size());
            for (int i : chunk) {
                batch.add(Images.decode(images.get(i)));
            }
            List<float[]> vectors = model.embedImages(batch);
            for (int k = 0; k < chunk.size(); k++) {
                cached.put(keys.get(chunk.get(k)), vectors.get(k));
            }
            done += chunk.size();
            progress.update("embed", done, missing.size());
        }
        if (!missing.isEmpty()) {
            progress.finished("embed");
            Map<String, float[]> keep = new LinkedHashMap<>();
            for (String k : keys) {
                keep.put(k, cached.get(k));
            }
            write(keep, model.embeddingDimension());
        }
        List<float[]> out = new ArrayList<>(images.size());
        for (String k : keys) {
            out.add(cached.get(k));
        }
        return out;
    }

    /** Reads the cache; anything wrong with it (absent, other model, corrupt) yields an empty map. */
    Map<String, float[]> read(int dim) {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length < MAGIC.length + 32 + 12) {
                throw new IOException("file too short");
            }
            byte[] body = Arrays.copyOf(all, all.length - 32);
            byte[] stored = Arrays.copyOfRange(all, all.length - 32, all.length);
            if (!MessageDigest.isEqual(Hashing.sha256().digest(body), stored)) {
                throw new IOException("checksum mismatch");
            }
            ByteBuffer bb = ByteBuffer.wrap(body);
            byte[] magic = new byte[MAGIC.length];
            bb.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("not an embedding cache");
            }
            byte[] keyBytes = new byte[bb.getInt()];
            bb.get(keyBytes);
            int fileDim = bb.getInt();
            int count = bb.getInt();
            if (!modelKey.equals(new String(keyBytes, StandardCharsets.US_ASCII)) || fileDim != dim) {
                LOG.info("embedding cache {} belongs to other weights; rebuilding it", file);
                return out;
            }
            for (int i = 0; i < count; i++) {
                byte[] sha = new byte[32];
                bb.get(sha);
                float[] v = new float[dim];
                bb.asFloatBuffer().get(v);
                bb.position(bb.position() + 4 * dim);
                out.put(HexFormat.of().formatHex(sha), v);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            LOG.warn("embedding cache {} is unusable ({}); recomputing the embeddings", file, e.getMessage());
            out.clear();
            return out;
        }
    }

    private void write(Map<String, float[]> entries, int dim) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            byte[] key = modelKey.getBytes(StandardCharsets.US_ASCII);
            out.writeInt(key.length);
            out.write(key);
            out.writeInt(dim);
            out.writeInt(entries.size());
            for (Map.Entry<String, float[]> e : entries.entrySet()) {
                out.write(HexFormat.of().parseHex(e.getKey()));
                for (float f : e.getValue()) {
                    out.writeFloat(f);
                }
            }
            out.flush();
            byte[] body = bytes.toByteArray();
            Files.createDirectories(file.getParent());
            OutputFiles.replace(file, o -> { // never through a link
                o.write(body);
                o.write(Hashing.sha256().digest(body));
            });
        } catch (IOException e) {
            // A read-only dataset still trains; it just recomputes embeddings next time.
            LOG.warn("cannot write embedding cache {} ({}); embeddings will be recomputed next run", file,
                    e.getMessage());
        } catch (RuntimeException e) {
            throw new TrainingException("cannot write embedding cache " + file + ": " + e.getMessage(), e);
        }
    }
}
