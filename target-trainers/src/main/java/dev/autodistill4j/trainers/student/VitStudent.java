package dev.autodistill4j.trainers.student;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.PreprocessorConfig;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.model.TargetModelWriter;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code vit-shrunk} student: the teacher's vision tower with {@code layers} of its transformer blocks
 * (spread evenly over its depth, first and last included), every weight inherited from the teacher, the
 * teacher's own preprocessing. Reads the teacher's checkpoint through the {@code metaclip} provider's loader,
 * so every layout it reads (Hugging Face CLIP / MetaCLIP / MetaCLIP 2 folders, sharded or not, OpenCLIP
 * {@code .pt}) works.
 */
record VitStudent(Block block, ClipConfig.Vision vision, int projectionDim, int[] kept,
                  PreprocessorConfig preprocessor) implements StudentNetwork {

    /** A shrunk copy of {@code teacher}'s vision tower, initialised from its weights. */
    static VitStudent fromTeacher(StudentConfig cfg, EmbeddingModel teacher) {
        String checkpoint = teacher.info().checkpoint();
        ClipCheckpoint cp;
        try {
            cp = ClipCheckpointLoader.load(Path.of(checkpoint));
        } catch (Autodistill4jException | IllegalArgumentException | NullPointerException e) {
            throw new TrainingException("arch=vit-shrunk inherits the teacher's vision tower, but teacher "
                    + teacher.info().spec() + " has no CLIP checkpoint it can read (" + checkpoint + "): use a "
                    + "metaclip teacher, or -p arch=cnn", e);
        }
        try (cp) {
            ClipConfig.Vision v = cp.config().vision();
            int kept = cfg.layers() == 0 ? (v.layers() + 1) / 2 : cfg.layers();
            if (kept > v.layers()) {
                throw new TrainingException("student hyper-parameter layers=" + kept + " is more than the teacher's "
                        + v.layers() + " vision layers: give 1.." + v.layers() + " (-p layers=...)");
            }
            int[] idx = spread(kept, v.layers());
            ShrunkVit block = new ShrunkVit(v, cp.config().projectionDim(), kept);
            Map<String, float[]> values = new HashMap<>(); // read now: initialisation runs after the file closes
            for (ai.djl.nn.Parameter p : block.getParameters().values()) {
                String name = ShrunkVit.sourceName(p.getName(), idx);
                values.put(name, cp.weights().floats(name));
            }
            block.inherit(idx, values::get);
            return new VitStudent(block, v, cp.config().projectionDim(), idx, cp.preprocess());
        }
    }

    /** {@code n} of {@code depth} layer indices, evenly spaced, first and last included. */
    static int[] spread(int n, int depth) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = n == 1 ? depth - 1 : (int) Math.round(i * (depth - 1) / (double) (n - 1));
        }
        return idx;
    }

    @Override
    public Shape imageShape() {
        return new Shape(3, preprocessor.cropHeight(), preprocessor.cropWidth());
    }

    @Override
    public float[] preprocess(BufferedImage image) {
        return new ClipImagePreprocessor(preprocessor).preprocess(image);
    }

    @Override
    public ObjectNode preprocessing() {
        ObjectNode pre = TargetModelWriter.json().createObjectNode();
        pre.put("resize", preprocessor.resize().name().toLowerCase(Locale.ROOT));
        pre.put("shortest_edge", preprocessor.shortestEdge());
        pre.put("resize_height", preprocessor.resizeHeight());
        pre.put("resize_width", preprocessor.resizeWidth());
        pre.put("crop_height", preprocessor.cropHeight());
        pre.put("crop_width", preprocessor.cropWidth());
        floats(pre.putArray("mean"), preprocessor.mean());
        floats(pre.putArray("std"), preprocessor.std());
        pre.put("channels", "RGB");
        ObjectNode net = pre.putObject("vision");
        net.put("image_size", vision.imageSize());
        net.put("patch_size", vision.patchSize());
        net.put("width", vision.width());
        net.put("intermediate_size", vision.intermediateSize());
        net.put("heads", vision.heads());
        net.put("layer_norm_eps", vision.layerNormEps());
        net.put("activation", vision.activation().name().toLowerCase(Locale.ROOT));
        net.put("projection_dim", projectionDim);
        net.put("teacher_layers", vision.layers());
        ArrayNode k = net.putArray("kept_layers");
        for (int i : kept) {
            k.add(i);
        }
        return pre;
    }

    private static void floats(ArrayNode a, float[] v) {
        for (float f : v) {
            a.add(f);
        }
    }

    /** The network a vit-shrunk directory describes (weights are loaded afterwards). */
    static VitStudent fromManifest(JsonNode pre) {
        JsonNode n = pre.path("vision");
        JsonNode kept = n.path("kept_layers");
        if (!n.isObject() || !kept.isArray() || kept.isEmpty()) {
            throw new ModelLoadException("the student's model.json lacks the vit-shrunk architecture (preprocessing"
                    + ".vision): the directory is damaged; retrain the student");
        }
        ClipConfig.Vision v = new ClipConfig.Vision(n.path("image_size").asInt(), n.path("patch_size").asInt(),
                n.path("width").asInt(), n.path("intermediate_size").asInt(), n.path("teacher_layers").asInt(),
                n.path("heads").asInt(), n.path("layer_norm_eps").asDouble(),
                ClipConfig.Activation.valueOf(n.path("activation").asText().toUpperCase(Locale.ROOT)));
        int[] idx = new int[kept.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = kept.get(i).asInt();
        }
        PreprocessorConfig p = new PreprocessorConfig(
                PreprocessorConfig.Resize.valueOf(pre.path("resize").asText().toUpperCase(Locale.ROOT)),
                pre.path("shortest_edge").asInt(), pre.path("resize_height").asInt(), pre.path("resize_width").asInt(),
                pre.path("crop_height").asInt(), pre.path("crop_width").asInt(), array(pre.path("mean")),
                array(pre.path("std")));
        int projection = n.path("projection_dim").asInt();
        return new VitStudent(new ShrunkVit(v, projection, idx.length), v, projection, idx, p);
    }

    private static float[] array(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.get(i).asDouble();
        }
        return v;
    }
}
