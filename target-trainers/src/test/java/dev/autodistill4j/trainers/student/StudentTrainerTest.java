package dev.autodistill4j.trainers.student;

import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageFiles;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.trainers.TargetTrainers;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The student's run mechanics on a 96-image slice of the shapes pool (seconds): a seed gives the same
 * embeddings; a run killed while the teacher embeds, or while the student trains, resumes from the cached
 * teacher embeddings and ends with the same student; a cache made for other images is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudentTrainerTest {
    private Path shapes;
    private Path work;
    private Path images;
    private List<BufferedImage> probe;

    /** A kill at the moment the listener sees {@code task} reach {@code at}. */
    private static final class Kill extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Kill() {
            super("killed");
        }
    }

    @BeforeAll
    void slice() throws IOException {
        shapes = Fixtures.resolve("shapes");
        work = Files.createTempDirectory("student-run-");
        images = work.resolve("images");
        for (Path classDir : Files.list(shapes.resolve("images/pool")).sorted().toList()) {
            Path to = Files.createDirectories(images.resolve(classDir.getFileName().toString()));
            for (Path p : ImageFiles.walk(classDir).subList(0, 6)) {
                Files.copy(p, to.resolve(p.getFileName().toString()));
            }
        }
        probe = ImageFiles.walk(shapes.resolve("images/extra")).stream().limit(4)
                .map(p -> ImageDecoder.defaults().decode(p)).toList();
    }

    @AfterAll
    void cleanUp() throws IOException {
        StudentTestFiles.delete(work);
    }

    private TrainingRequest request(String out, long seed, ProgressListener progress) {
        return TrainingRequest.builder(images, work.resolve(out)).baseModel("metaclip:" + shapes.resolve("shapes-clip"))
                .param("input-size", "32").param("widths", "8,16").epochs(2).seed(seed).progress(progress).build();
    }

    private TrainingResult train(String out, long seed, ProgressListener progress) {
        return TargetTrainers.discover().find("student").train(request(out, seed, progress));
    }

    private float[][] embed(Path modelDir) {
        try (BaseModel m = BaseModelRegistry.discover().load("target:" + modelDir, ModelRequest.of(null))) {
            return ((EmbeddingModel) m).embedImages(probe).toArray(float[][]::new);
        }
    }

    @Test
    void embeddingsAreDeterministicForASeed() {
        float[][] a = embed(train("seed-a", 7, ProgressListener.NONE).modelDir());
        float[][] b = embed(train("seed-b", 7, ProgressListener.NONE).modelDir());
        float[][] c = embed(train("seed-c", 8, ProgressListener.NONE).modelDir());
        assertThat(b).isDeepEqualTo(a);
        assertThat(java.util.Arrays.deepEquals(c, a)).as("another seed gives another student").isFalse();
    }

    @Test
    void killedWhileTheTeacherEmbedsResumesFromTheCache() {
        assertThatThrownBy(() -> train("killed-teacher", 7, (task, done, total) -> {
            if (task.equals("teacher") && done >= 32) {
                throw new Kill();
            }
        })).isInstanceOf(Kill.class);
        assertThat(work.resolve("killed-teacher/" + TeacherEmbeddings.VECTORS)).hasSize(32L * StudentConfig.from(request("x", 7, ProgressListener.NONE)).views() * 64 * 4);
        TrainingResult resumed = train("killed-teacher", 7, ProgressListener.NONE);
        assertThat(resumed.metrics()).containsEntry("teacher_images_cached", 32)
                .containsEntry("teacher_images_embedded", 64);
        assertThat(embed(resumed.modelDir())).isDeepEqualTo(embed(train("uninterrupted", 7,
                ProgressListener.NONE).modelDir()));
        assertThat(resumed.modelDir().resolve(TeacherEmbeddings.VECTORS)).exists();
    }

    @Test
    void killedWhileTheStudentTrainsNeedsNoTeacherImages() {
        assertThatThrownBy(() -> train("killed-train", 7, (task, done, total) -> {
            if (task.equals("train")) {
                throw new Kill();
            }
        })).isInstanceOf(Kill.class);
        TrainingResult resumed = train("killed-train", 7, ProgressListener.NONE);
        assertThat(resumed.metrics()).containsEntry("teacher_images_cached", 96)
                .containsEntry("teacher_images_embedded", 0);
    }

    @Test
    void aCacheForOtherImagesOrForeignFilesAreRefused() throws IOException {
        Path out = work.resolve("foreign-cache");
        Files.createDirectories(out);
        Files.writeString(out.resolve(TeacherEmbeddings.HEADER), "{\"format\":\"autodistill4j-teacher-embeddings\"}");
        assertThatThrownBy(() -> train("foreign-cache", 7, ProgressListener.NONE))
                .isInstanceOf(TrainingException.class).hasMessageContaining(TeacherEmbeddings.HEADER)
                .hasMessageContaining("give `out` a new folder");
        Path busy = Files.createDirectories(work.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> train("busy", 7, ProgressListener.NONE))
                .isInstanceOf(TrainingException.class).hasMessageContaining("not empty");
        assertThat(busy.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void settingsAreValidatedBeforeAnyImageIsRead() {
        assertThatThrownBy(() -> TargetTrainers.discover().find("student").train(TrainingRequest.builder(images,
                work.resolve("bad")).param("arch", "resnet").build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("arch=resnet").hasMessageContaining("cnn");
        assertThatThrownBy(() -> TargetTrainers.discover().find("student").train(TrainingRequest.builder(images,
                work.resolve("bad")).param("relational", "-1").build()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("relational");
        assertThat(work.resolve("bad")).doesNotExist();
    }
}
