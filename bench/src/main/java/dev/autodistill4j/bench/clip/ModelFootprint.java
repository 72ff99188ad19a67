package dev.autodistill4j.bench.clip;

import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.checkpoint.StateDict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a model costs to ship: the bytes of its folder, and a CLIP checkpoint's weights by tower. */
final class ModelFootprint {
    private ModelFootprint() {
    }

    /** Bytes of every regular file under {@code dir}. */
    static long folderBytes(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(ModelFootprint::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("bench cannot measure the size of " + dir, e);
        }
    }

    /**
     * {image tower + projection, all} weights of the CLIP checkpoint at {@code checkpoint}, counted from the
     * floating-point tensors' shapes (no values are read).
     */
    static long[] clipParameters(Path checkpoint) {
        try (ClipCheckpoint cp = ClipCheckpointLoader.load(checkpoint)) {
            StateDict w = cp.weights();
            long image = 0;
            long all = 0;
            for (String name : w.names()) {
                if (!w.info(name).dtype().isFloating()) {
                    continue; // position_ids buffers some checkpoints carry are not weights
                }
                long n = w.info(name).elementCount();
                all += n;
                if (name.startsWith("vision_model.") || name.startsWith("visual_projection.")) {
                    image += n;
                }
            }
            return new long[] {image, all};
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("bench cannot measure the size of " + p, e);
        }
    }
}
