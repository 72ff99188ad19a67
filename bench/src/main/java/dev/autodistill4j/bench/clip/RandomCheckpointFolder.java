package dev.autodistill4j.bench.clip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.TensorInfo;
import dev.autodistill4j.metaclip.model.RandomStateDict;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The random model {@code bench} builds (seed 42), written as a Hugging Face {@code CLIPModel} folder
 * ({@code config.json} + {@code model.safetensors}; the tokenizer is the bundled CLIP BPE). {@code bench
 * --students} needs the teacher as files: the {@code student} trainer loads its teacher by spec
 * ({@code metaclip:FOLDER}), {@code vit-shrunk} inherits weights from the checkpoint file, and the teacher's size on
 * disk is measured on them, so the teacher and its students are what {@code train --target student} makes of a
 * real checkpoint of the same shape.
 */
final class RandomCheckpointFolder {
    static final long SEED = 42;

    private RandomCheckpointFolder() {
    }

    /** Writes the folder {@code dir} (created) and returns it. */
    static Path write(ClipConfig config, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(hfConfig(config)));
        try (RandomStateDict weights = new RandomStateDict(config, SEED);
             OutputStream out = Files.newOutputStream(dir.resolve("model.safetensors"))) {
            Map<String, Object> header = new LinkedHashMap<>();
            long offset = 0;
            for (String name : weights.names()) {
                TensorInfo t = weights.info(name);
                long bytes = t.elementCount() * Float.BYTES;
                header.put(name, Map.of("dtype", "F32", "shape", t.shape(), "data_offsets",
                        new long[] {offset, offset + bytes}));
                offset += bytes;
            }
            byte[] json = new ObjectMapper().writeValueAsBytes(header);
            int padded = (json.length + 7) / 8 * 8; // the format aligns the data to 8 bytes
            ByteBuffer len = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(json);
            out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            for (String name : weights.names()) {
                float[] values = weights.floats(name);
                ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(values);
                out.write(b.array());
            }
        }
        return dir;
    }

    private static ObjectNode hfConfig(ClipConfig c) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.putArray("architectures").add("CLIPModel");
        root.put("model_type", "clip");
        root.put("projection_dim", c.projectionDim());
        ClipConfig.Vision cv = c.vision();
        ObjectNode v = tower(root.putObject("vision_config"), cv.width(), cv.intermediateSize(), cv.layers(),
                cv.heads(), cv.layerNormEps(), cv.activation());
        v.put("image_size", cv.imageSize());
        v.put("patch_size", cv.patchSize());
        ClipConfig.Text ct = c.text();
        ObjectNode t = tower(root.putObject("text_config"), ct.width(), ct.intermediateSize(), ct.layers(),
                ct.heads(), ct.layerNormEps(), ct.activation());
        t.put("max_position_embeddings", ct.contextLength());
        t.put("vocab_size", ct.vocabSize());
        t.put("bos_token_id", ct.bosTokenId());
        t.put("eos_token_id", ct.eosTokenId());
        return root;
    }

    /** The fields both towers' configs share. */
    private static ObjectNode tower(ObjectNode n, int width, int intermediate, int layers, int heads, double eps,
                                    ClipConfig.Activation activation) {
        n.put("hidden_size", width);
        n.put("intermediate_size", intermediate);
        n.put("num_hidden_layers", layers);
        n.put("num_attention_heads", heads);
        n.put("layer_norm_eps", eps);
        n.put("hidden_act", hfActivation(activation));
        return n;
    }

    private static String hfActivation(ClipConfig.Activation a) {
        return a == ClipConfig.Activation.GELU ? "gelu" : "quick_gelu";
    }
}
