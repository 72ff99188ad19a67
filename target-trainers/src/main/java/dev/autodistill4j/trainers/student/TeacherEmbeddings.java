package dev.autodistill4j.trainers.student;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.data.Hashing;
import dev.autodistill4j.trainers.data.Images;
import dev.autodistill4j.trainers.model.TargetModelWriter;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The teacher's L2-normalised image embeddings of the training images, computed once and cached in the output
 * folder: {@value #HEADER} says which teacher (checkpoint sha256) and which images (sha256 over every relative
 * path and file hash) they belong to, {@value #VECTORS} holds the vectors as little-endian floats, appended
 * and flushed batch by batch. A run killed at any point — while the teacher embeds or while the student
 * trains — resumes from what is on disk; a cache made for other images or another teacher is refused, never
 * silently mixed in. The files end up in the finished model directory (not listed in its manifest).
 */
final class TeacherEmbeddings {
    static final String HEADER = "teacher-embeddings.json";
    static final String VECTORS = "teacher-embeddings.f32";
    static final Set<String> FILES = Set.of(HEADER, VECTORS);
    private static final String FORMAT = "autodistill4j-teacher-embeddings";
    private static final int BATCH = 32;

    /**
     * @param vectors  one unit vector per image view ({@code image × views + view}), in the order given
     * @param cached   how many came from the cache of an earlier run
     * @param computed how many the teacher embedded in this run
     * @param imagesSha256 sha256 over every image's relative path and file hash (the dataset's identity)
     */
    record Result(float[][] vectors, int cached, int computed, String imagesSha256) {
    }

    private TeacherEmbeddings() {
    }

    /** Embeds {@code images} (relative to {@code root}) with {@code teacher}, resuming the cache in {@code out}. */
    static Result computeOrResume(Path out, Path root, List<Path> images, int views, EmbeddingModel teacher,
                                  ProgressListener progress) {
        int dim = teacher.embeddingDimension();
        ObjectNode header = header(root, images, teacher, dim, views);
        Path vectors = out.resolve(VECTORS);
        try {
            Files.createDirectories(out);
            requireMatchingHeader(out.resolve(HEADER), header);
            long record = 4L * dim * views;
            int done = Files.exists(vectors) ? (int) Math.min(images.size(), Files.size(vectors) / record) : 0;
            int cached = done;
            try (FileChannel ch = FileChannel.open(vectors, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.truncate(done * record); // a batch half-written when the run was killed is dropped
                ch.position(done * record);
                while (done < images.size()) {
                    List<Path> batch = images.subList(done, Math.min(images.size(), done + BATCH));
                    write(ch, embed(batch, done, views, teacher, dim));
                    ch.force(false);
                    done += batch.size();
                    progress.update("teacher", done, images.size());
                }
            }
            progress.finished("teacher");
            return new Result(read(vectors, images.size() * views, dim), cached, images.size() - cached,
                    header.path("images_sha256").asText());
        } catch (IOException e) {
            throw new TrainingException("cannot write the teacher-embedding cache " + vectors + ": "
                    + e.getMessage() + " (check the output folder is writable and the disk has room)", e);
        }
    }

    private static ObjectNode header(Path root, List<Path> images, EmbeddingModel teacher, int dim, int views) {
        StringBuilder lines = new StringBuilder();
        for (Path p : images) {
            lines.append(root.relativize(p).toString().replace('\\', '/')).append('\t').append(Hashing.sha256(p))
                    .append('\n');
        }
        ObjectNode h = TargetModelWriter.json().createObjectNode();
        h.put("format", FORMAT);
        h.put("format_version", 1);
        h.put("teacher", teacher.info().spec());
        h.put("checkpoint_sha256", teacher.info().checkpointSha256());
        h.put("dimension", dim);
        h.put("images", images.size());
        h.put("views", views);
        h.put("augmentation", StudentViews.AUGMENTATION);
        h.put("images_sha256", Hashing.sha256(lines.toString()));
        return h;
    }

    private static void requireMatchingHeader(Path file, ObjectNode expected) throws IOException {
        if (!Files.exists(file)) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            TargetModelWriter.json().writeValue(tmp.toFile(), expected);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(file.resolveSibling(VECTORS));
            return;
        }
        JsonNode found;
        try {
            found = TargetModelWriter.json().readTree(file.toFile());
        } catch (IOException e) {
            found = null;
        }
        for (String key : List.of("format", "checkpoint_sha256", "dimension", "images", "images_sha256", "views",
                "augmentation")) {
            if (found == null || !expected.path(key).equals(found.path(key))) {
                throw new TrainingException("the teacher-embedding cache " + file + " was made for "
                        + (found == null ? "something unreadable" : "other images or another teacher (" + key
                        + " differs)") + ": give `out` a new folder, or delete " + file + " and "
                        + file.resolveSibling(VECTORS) + " to embed again");
            }
        }
    }

    /** The views of {@code batch} (whose first image is number {@code first}), image by image. */
    private static List<float[]> embed(List<Path> batch, int first, int views, EmbeddingModel teacher, int dim) {
        List<BufferedImage> decoded = new ArrayList<>(batch.size() * views);
        for (int i = 0; i < batch.size(); i++) {
            decoded.addAll(StudentViews.of(Images.decode(batch.get(i)), first + i, views));
        }
        List<float[]> raw = teacher.embedImages(decoded);
        List<float[]> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            float[] v = raw.get(i);
            double norm = 0;
            for (float f : v) {
                norm += f * f;
            }
            if (v.length != dim || !Double.isFinite(norm) || norm == 0) {
                throw new TrainingException("teacher " + teacher.info().spec() + " gave no usable embedding for "
                        + batch.get(i / views) + " (non-finite or zero): replace or remove that image");
            }
            out.add(Embeddings.normalize(v));
        }
        return out;
    }

    private static void write(FileChannel ch, List<float[]> vectors) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(vectors.size() * vectors.get(0).length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] v : vectors) {
            buf.asFloatBuffer().put(v);
            buf.position(buf.position() + v.length * 4);
        }
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static float[][] read(Path file, int count, int dim) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[count][dim];
        for (float[] v : out) {
            buf.asFloatBuffer().get(v);
            buf.position(buf.position() + dim * 4);
        }
        return out;
    }
}
