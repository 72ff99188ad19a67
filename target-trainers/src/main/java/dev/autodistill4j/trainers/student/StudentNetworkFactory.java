package dev.autodistill4j.trainers.student;

import dev.autodistill4j.api.model.EmbeddingModel;

import java.util.SplittableRandom;

/**
 * Builds the student network the config asks for, sized from the teacher: its embedding dimension, and for
 * {@code vit-shrunk} its vision tower, whose weights the network's parameters are initialised from.
 */
final class StudentNetworkFactory {
    private StudentNetworkFactory() {
    }

    /**
     * @param config  the settings, completed from the teacher (the layers kept)
     * @param network the untrained network
     */
    record Built(StudentConfig config, StudentNetwork network) {
    }

    static Built create(StudentConfig cfg, EmbeddingModel teacher, SplittableRandom seeds) {
        return switch (cfg.arch()) {
            case CNN -> new Built(cfg, StudentNetwork.Cnn.create(cfg, teacher.embeddingDimension(), seeds));
            case VIT_SHRUNK -> {
                VitStudent vit = VitStudent.fromTeacher(cfg, teacher);
                yield new Built(cfg.withLayers(vit.kept().length), vit);
            }
        };
    }
}
