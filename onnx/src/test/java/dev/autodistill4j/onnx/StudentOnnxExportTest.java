package dev.autodistill4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.ontology.CaptionOntology;
import dev.autodistill4j.api.ontology.Ontology;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.onnx.engine.Int8Check;
import dev.autodistill4j.onnx.engine.Int8SelfCheck;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.onnx.export.TargetOnnxManifest;
import dev.autodistill4j.onnx.runtime.OrtSessions;
import dev.autodistill4j.onnx.runtime.OwnedSession;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.trainers.TargetModelProvider;
import dev.autodistill4j.trainers.TargetTrainers;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.cnn.ImageTensors;
import dev.autodistill4j.trainers.testing.SyntheticDatasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code export --model target:<student> --format onnx}: the exported image tower of a cnn student, distilled
 * from the fixture CLIP, gives the DJL student's raw image embeddings within 1e-4 on the same images; it passes
 * onnx.checker, its manifest records dimension and logit scale; its {@code --int8} export (int8 convolutions)
 * stays within cosine 0.99 of fp32 on every image and passes the int8 self-check's thresholds.
 * {@code --model onnx:EXPORT} runs it with the student directory's text side: same embeddings and zero-shot
 * probabilities as {@code --model target:STUDENT}; a student directory with other weights is refused.
 */
class StudentOnnxExportTest {
    private static final int SIZE = 24;

    private static final Ontology ONTOLOGY = CaptionOntology.of(Map.of("a blue square", "blue",
            "a red square", "red", "a green square", "green"));

    @TempDir
    static Path temp;
    private static Path model;
    private static Path out;
    private static final List<BufferedImage> IMAGES = new ArrayList<>();
    private static List<float[]> djl;
    private static List<Classifications> djlClasses;
    private static int dimension;

    @BeforeAll
    static void distilAndExport() throws Exception {
        Path data = SyntheticDatasets.write(temp.resolve("data"), List.of("blue", "red", "green"), 6, 3, 0, 7);
        TrainingRequest request = TrainingRequest.builder(data, temp.resolve("student")).epochs(2)
                .baseModel("metaclip:" + Fixtures.resolve("clip/tiny-clip")).param("arch", "cnn")
                .param("input-size", String.valueOf(SIZE)).param("widths", "8,16").param("batch-size", "6")
                .device("cpu").build();
        model = TargetTrainers.discover().find("student").train(request).modelDir();
        out = temp.resolve("student-onnx");
        OnnxExports.target(model.toString(), Precision.FP32, out);
        Random rnd = new Random(3);
        for (String c : List.of("blue", "red", "green", "blue")) {
            IMAGES.add(SyntheticDatasets.image(c, rnd));
        }
        try (BaseModel m = new TargetModelProvider().load(new ModelRequest(model.toString(), ONTOLOGY, Device.CPU,
                Map.of()))) {
            djl = ((EmbeddingModel) m).embedImages(IMAGES);
            dimension = ((EmbeddingModel) m).embeddingDimension();
            djlClasses = ((ClassificationBaseModel) m).predictBatch(IMAGES, 0);
        }
    }

    @Test
    void cnnStudentImageTowerMatchesTheDjlStudent() throws Exception {
        assertClose(run(out, IMAGES), djl);
        // onnx.checker's full check may rewrite the file it is given; check a copy, the export stays as written
        Path copy = java.nio.file.Files.copy(out.resolve(TargetOnnxManifest.MODEL_FILE), temp.resolve("checked.onnx"));
        OnnxChecker.check(copy);
        JsonNode manifest = new ObjectMapper().readTree(out.resolve(TargetOnnxManifest.FILE).toFile());
        assertThat(manifest.path("trainer").asText()).isEqualTo("student");
        assertThat(manifest.path("embedding").path("dimension").asInt()).isEqualTo(dimension);
        assertThat(manifest.path("embedding").path("logit_scale").asDouble()).isPositive();
        assertThat(manifest.path("precision").asText()).isEqualTo("fp32");
    }

    @Test
    void int8CnnStudentStaysCloseToFp32() throws Exception {
        Path int8 = temp.resolve("int8");
        OnnxExports.target(model.toString(), Precision.INT8, int8);
        OnnxChecker.check(java.nio.file.Files.copy(int8.resolve(TargetOnnxManifest.MODEL_FILE),
                temp.resolve("checked-int8.onnx")));
        float[][] a = run(out, IMAGES);
        float[][] b = run(int8, IMAGES);
        for (int i = 0; i < a.length; i++) {
            // int8 rounds each conv's weights to 1/254 of its channel's range; the cnn student measured ≥ 0.9999
            assertThat(Embeddings.cosine(a[i], b[i])).as("image %d: int8 vs fp32 embedding cosine", i)
                    .isGreaterThanOrEqualTo(0.99);
        }
        Int8Check check = Int8SelfCheck.compare(out, int8, IMAGES, ONTOLOGY.prompts());
        assertThat(check.passed()).as(check.describe()).isTrue();
        JsonNode manifest = new ObjectMapper().readTree(int8.resolve(TargetOnnxManifest.FILE).toFile());
        assertThat(manifest.path("precision").asText()).isEqualTo("int8");
        // widths 8,16: the second conv in int8; the first conv and the linear head kept fp32
        assertThat(manifest.path("quantization").path("int8_layers").asInt()).isEqualTo(1);
        assertThat(manifest.path("quantization").path("fp32_layers").asInt()).isEqualTo(2);
        assertThat(manifest.path("embedding").path("teacher_checkpoint_sha256").asText()).hasSize(64);
    }

    @Test
    void onnxReferenceRunsTheStudentWithItsTextSide() throws Exception {
        try (BaseModel m = new OnnxProvider().load(new ModelRequest(out.toString(), ONTOLOGY, Device.CPU,
                Map.of()))) {
            assertClose(((EmbeddingModel) m).embedImages(IMAGES).toArray(float[][]::new), djl);
            List<Classifications> c = ((ClassificationBaseModel) m).predictBatch(IMAGES, 0);
            for (int i = 0; i < IMAGES.size(); i++) {
                float[] expected = djlClasses.get(i).distribution();
                float[] actual = c.get(i).distribution();
                assertThat(actual).hasSameSizeAs(expected);
                for (int k = 0; k < expected.length; k++) {
                    assertThat(Math.abs(actual[k] - expected[k])).as("image %d class %d", i, k)
                            .isLessThanOrEqualTo(1e-4f);
                }
            }
        }
    }

    @Test
    void aStudentDirectoryWithOtherWeightsIsRefused() throws Exception {
        TrainingRequest other = TrainingRequest.builder(temp.resolve("data"), temp.resolve("other")).epochs(1)
                .baseModel("metaclip:" + Fixtures.resolve("clip/tiny-clip")).param("arch", "cnn")
                .param("input-size", String.valueOf(SIZE)).param("widths", "8,16").param("batch-size", "6")
                .seed(99).device("cpu").build();
        Path otherDir = TargetTrainers.discover().find("student").train(other).modelDir();
        assertThatThrownBy(() -> new OnnxProvider().load(new ModelRequest(out.toString(), null, Device.CPU,
                Map.of("student", otherDir.toString()))))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("other weights")
                .hasMessageContaining(otherDir.toString());
    }

    private static void assertClose(float[][] actual, List<float[]> expected) {
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual[i]).hasSize(dimension);
            for (int k = 0; k < dimension; k++) {
                assertThat(Math.abs(actual[i][k] - expected.get(i)[k])).as("image %d dim %d", i, k)
                        .isLessThanOrEqualTo(1e-4f);
            }
        }
    }

    private static float[][] run(Path out, List<BufferedImage> images) throws Exception {
        int per = 3 * SIZE * SIZE;
        float[] batch = new float[per * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(ImageTensors.preprocess(images.get(i), SIZE), 0, batch, i * per, per);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OwnedSession s = OrtSessions.open(out.resolve(TargetOnnxManifest.MODEL_FILE), 1);
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), new long[] {images.size(), 3, SIZE,
                     SIZE});
             OrtSession.Result r = s.run(Map.of("pixel_values", x))) {
            return (float[][]) r.get(0).getValue();
        }
    }
}
