package dev.autodistill4j.trainers.student;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.data.EmbeddingModelSupplier;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code vit-shrunk}'s network is the teacher's vision tower: keeping every layer, its output before any
 * training equals the teacher's image embeddings (the inherited weights land where they belong and the
 * arithmetic is the same); keeping fewer picks layers spread over the depth.
 */
class VitStudentTest {

    @Test
    void fullDepthCopyEqualsTheTeacher() {
        Path shapes = Fixtures.resolve("shapes");
        String spec = "metaclip:" + shapes.resolve("shapes-clip");
        List<BufferedImage> images = ImageFiles.walk(shapes.resolve("images/extra")).stream().limit(6)
                .map(p -> ImageDecoder.defaults().decode(p)).toList();
        try (EmbeddingModel teacher = EmbeddingModelSupplier.fromClassPath().load(spec, null)) {
            StudentConfig cfg = StudentConfig.from(TrainingRequest.builder(shapes.resolve("images/pool"),
                    Path.of("unused")).baseModel(spec).param("arch", "vit-shrunk").param("layers", "4").build());
            VitStudent vit = VitStudent.fromTeacher(cfg, teacher);
            assertThat(vit.kept()).containsExactly(0, 1, 2, 3);
            List<float[]> expected = teacher.embedImages(images);
            try (Model model = Model.newInstance("vit", "PyTorch"); NDManager m = model.getNDManager().newSubManager()) {
                model.setBlock(vit.block());
                Shape one = vit.imageShape();
                vit.block().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, one.get(1), one.get(2)));
                float[] flat = new float[(int) (images.size() * one.size())];
                for (int i = 0; i < images.size(); i++) {
                    System.arraycopy(vit.preprocess(images.get(i)), 0, flat, (int) (i * one.size()), (int) one.size());
                }
                float[] out = vit.block().forward(new ParameterStore(m, false), new NDList(m.create(flat,
                        new Shape(images.size(), 3, one.get(1), one.get(2)))), false).singletonOrThrow().toFloatArray();
                int d = expected.get(0).length;
                for (int i = 0; i < images.size(); i++) {
                    for (int j = 0; j < d; j++) {
                        assertThat(out[i * d + j]).isCloseTo(expected.get(i)[j], within(1e-4f));
                    }
                }
            }
            assertThatThrownBy(() -> VitStudent.fromTeacher(cfg.withLayers(5), teacher))
                    .isInstanceOf(TrainingException.class).hasMessageContaining("layers=5");
        }
    }

    @Test
    void keptLayersAreSpreadOverTheDepth() {
        assertThat(VitStudent.spread(2, 12)).containsExactly(0, 11);
        assertThat(VitStudent.spread(4, 12)).containsExactly(0, 4, 7, 11);
        assertThat(VitStudent.spread(1, 4)).containsExactly(3);
    }
}
