package dev.autodistill4j.trainers.student;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.trainers.cnn.ConvNet;
import dev.autodistill4j.trainers.cnn.ImageTensors;
import dev.autodistill4j.trainers.cnn.SeededInitializer;
import dev.autodistill4j.trainers.model.TargetModelWriter;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * One student shape: its DJL block (image → raw embedding of the teacher's dimension), its input shape and
 * the preprocessing that turns a decoded image into that input. Training and loading build the same network
 * from the same settings, so the weights file alone fits it.
 */
interface StudentNetwork {

    /** The network; output {@code [batch, dimension]}, not normalised. */
    Block block();

    /** {@code [channels, height, width]} of one input. */
    Shape imageShape();

    /** A decoded RGB image as the network's CHW input. */
    float[] preprocess(BufferedImage image);

    /** The manifest's {@code preprocessing} object (enough for {@link #fromManifest} and for exporters). */
    ObjectNode preprocessing();

    /**
     * The cnn student: the {@code cnn} trainer's conv-BN-ReLU stages (global average pooling, no dropout) with a
     * linear head of the teacher's dimension, seeded He initialisation, squash-resize input.
     */
    record Cnn(Block block, int inputSize) implements StudentNetwork {
        static Cnn create(StudentConfig cfg, int dimension, SplittableRandom seeds) {
            Block block = ConvNet.build(dimension, cfg.widths(), false, 0);
            if (seeds != null) {
                block.setInitializer(new SeededInitializer(seeds.split()), Parameter.Type.WEIGHT);
            }
            return new Cnn(block, cfg.inputSize());
        }

        @Override
        public Shape imageShape() {
            return new Shape(3, inputSize, inputSize);
        }

        @Override
        public float[] preprocess(BufferedImage image) {
            return ImageTensors.preprocess(image, inputSize);
        }

        @Override
        public ObjectNode preprocessing() {
            ObjectNode pre = TargetModelWriter.json().createObjectNode();
            pre.put("resize", "squash");
            pre.put("input_size", inputSize);
            pre.put("mean", ImageTensors.MEAN);
            pre.put("std", ImageTensors.STD);
            pre.put("channels", "RGB");
            return pre;
        }
    }

    /** The network a student directory was trained as, ready for its weights. */
    static StudentNetwork fromManifest(StudentConfig cfg, int dimension, JsonNode preprocessing) {
        return switch (cfg.arch()) {
            case CNN -> Cnn.create(cfg, dimension, null);
            case VIT_SHRUNK -> VitStudent.fromManifest(preprocessing);
        };
    }
}
