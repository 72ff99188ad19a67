package dev.autodistill4j.onnx.engine;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.onnx.export.ClipOnnxManifest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A deliberately broken int8 export for tests: every per-channel weight scale of the image encoder multiplied by
 * a random factor in [0.25, 4), the manifest's hashes updated so the folder still loads — what a buggy
 * quantiser would produce.
 */
final class PerturbedScales {
    private PerturbedScales() {
    }

    /** Perturbs {@code dir}'s image encoder in place; returns how many scale tensors were changed. */
    static int apply(Path dir, long seed) throws Exception {
        Path file = dir.resolve(ClipOnnxManifest.IMAGE_FILE);
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        Random random = new Random(seed);
        int changed = 0;
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = graph.getInitializer(i);
            if (!t.getName().endsWith("weight_scale")) {
                continue;
            }
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer out = ByteBuffer.allocate(raw.remaining()).order(ByteOrder.LITTLE_ENDIAN);
            while (raw.hasRemaining()) {
                out.putFloat(raw.getFloat() * (float) Math.pow(2, random.nextDouble() * 4 - 2));
            }
            graph.setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(out.array())));
            changed++;
        }
        Files.write(file, model.toBuilder().setGraph(graph).build().toByteArray());
        Path manifestFile = dir.resolve(ClipOnnxManifest.FILE);
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(manifestFile.toFile());
        ObjectNode entry = (ObjectNode) manifest.path("files").path(ClipOnnxManifest.IMAGE_FILE);
        entry.put("bytes", Files.size(file));
        entry.put("sha256", ClipCheckpointLoader.sha256(file));
        json.writerWithDefaultPrettyPrinter().writeValue(manifestFile.toFile(), manifest);
        return changed;
    }
}
