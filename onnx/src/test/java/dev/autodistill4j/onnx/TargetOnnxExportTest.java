package dev.autodistill4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.testing.Fixtures;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpoint;
import dev.autodistill4j.metaclip.checkpoint.ClipCheckpointLoader;
import dev.autodistill4j.metaclip.preprocess.ClipImagePreprocessor;
import dev.autodistill4j.onnx.export.Precision;
import dev.autodistill4j.onnx.export.TargetOnnxManifest;
import dev.autodistill4j.onnx.runtime.OrtSessions;
import dev.autodistill4j.onnx.runtime.OwnedSession;
import dev.autodistill4j.trainers.TargetModelProvider;
import dev.autodistill4j.trainers.TargetTrainers;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.data.Images;
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
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Models trained here, exported with {@code export --model target:DIR --format onnx}: the ONNX graph's class
 * probabilities equal the DJL path's within 1e-4 on the same images (a residual cnn, and a linear probe with
 * the fixture CLIP's image tower in front), and both pass onnx.checker.
 */
class TargetOnnxExportTest {
    @TempDir
    static Path temp;
    private static Path dataset;
    private static List<BufferedImage> images;

    @BeforeAll
    static void data() {
        dataset = SyntheticDatasets.write(temp.resolve("data"), List.of("blue", "red", "green"), 6, 3, 0, 7);
        images = new ArrayList<>();
        Random rnd = new Random(3);
        for (String c : List.of("blue", "red", "green", "blue")) {
            images.add(SyntheticDatasets.image(c, rnd));
        }
    }

    @Test
    void residualCnnMatchesTheDjlPath() throws Exception {
        TrainingRequest request = TrainingRequest.builder(dataset, temp.resolve("cnn")).epochs(2)
                .param("input-size", "24").param("widths", "8,16").param("residual", "true").param("batch-size", "6")
                .device("cpu").build();
        Path model = TargetTrainers.discover().find("cnn").train(request).modelDir();
        Path out = temp.resolve("cnn-onnx");
        OnnxExports.target(model.toString(), Precision.FP32, out);
        compare(model, out, img -> cnnPixels(img, 24), 24);
        OnnxChecker.check(out.resolve(TargetOnnxManifest.MODEL_FILE));
        assertThatThrownBy(() -> OnnxExports.target(model.toString(), Precision.INT8, temp.resolve("cnn-int8")))
                .isInstanceOf(Autodistill4jException.class).hasMessageContaining("without `int8`");
        assertThat(temp.resolve("cnn-int8")).doesNotExist();
    }

    @Test
    void linearProbeWithItsClipTowerMatchesTheDjlPath() throws Exception {
        Path clip = Fixtures.resolve("clip/tiny-clip");
        TrainingRequest request = TrainingRequest.builder(dataset, temp.resolve("probe")).epochs(20)
                .baseModel("metaclip:" + clip).device("cpu").build();
        Path model = TargetTrainers.discover().find("linear-probe").train(request).modelDir();
        Path out = temp.resolve("probe-onnx");
        OnnxExports.target(model.toString(), Precision.FP32, out);
        ClipImagePreprocessor pre;
        try (ClipCheckpoint c = ClipCheckpointLoader.load(clip)) {
            pre = new ClipImagePreprocessor(c.preprocess());
        }
        compare(model, out, pre::preprocess, pre.config().cropHeight());
        OnnxChecker.check(out.resolve(TargetOnnxManifest.MODEL_FILE));
    }

    private static void compare(Path model, Path out, Function<BufferedImage, float[]> pixels, int size)
            throws Exception {
        List<Classifications> djl;
        try (ClassificationBaseModel m = (ClassificationBaseModel) new TargetModelProvider()
                .load(new ModelRequest(model.toString(), null, dev.autodistill4j.api.model.Device.CPU, Map.of()))) {
            djl = m.predictBatch(images, 0);
        }
        int per = 3 * size * size;
        float[] batch = new float[per * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(pixels.apply(images.get(i)), 0, batch, i * per, per);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OwnedSession s = OrtSessions.open(out.resolve(TargetOnnxManifest.MODEL_FILE), 1);
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch),
                     new long[] {images.size(), 3, size, size});
             OrtSession.Result r = s.run(Map.of("pixel_values", x))) {
            float[][] probs = (float[][]) r.get(0).getValue();
            for (int i = 0; i < images.size(); i++) {
                float[] expected = djl.get(i).distribution();
                assertThat(probs[i]).hasSameSizeAs(expected);
                for (int k = 0; k < expected.length; k++) {
                    assertThat(Math.abs(probs[i][k] - expected[k])).as("image %d class %d", i, k)
                            .isLessThanOrEqualTo(1e-4f);
                }
            }
        }
    }

    /** The cnn's evaluation preprocessing: squash to size×size (bilinear), (x/255 − 0.5) / 0.25, CHW. */
    private static float[] cnnPixels(BufferedImage img, int size) {
        BufferedImage r = Images.resize(img, 0, 0, img.getWidth(), img.getHeight(), size, size);
        int plane = size * size;
        float[] out = new float[3 * plane];
        int[] rgb = r.getRGB(0, 0, size, size, null, 0, size);
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out[i] = (((p >> 16) & 0xff) / 255f - 0.5f) / 0.25f;
            out[plane + i] = (((p >> 8) & 0xff) / 255f - 0.5f) / 0.25f;
            out[2 * plane + i] = ((p & 0xff) / 255f - 0.5f) / 0.25f;
        }
        return out;
    }
}
