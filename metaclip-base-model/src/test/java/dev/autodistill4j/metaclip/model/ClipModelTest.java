package dev.autodistill4j.metaclip.model;

import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.metaclip.checkpoint.CheckpointException;
import dev.autodistill4j.metaclip.checkpoint.ClipConfig;
import dev.autodistill4j.metaclip.checkpoint.StateDict;
import dev.autodistill4j.metaclip.checkpoint.TensorDType;
import dev.autodistill4j.metaclip.checkpoint.TensorInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Properties of the network that need no reference outputs: batching, trimming, memory, errors. */
class ClipModelTest {
    private static final ClipConfig CONFIG = StandardArchitectures.tiny();
    private static ClipModel model;

    @BeforeAll
    static void load() {
        model = ClipModel.load(CONFIG, new RandomStateDict(CONFIG, 7), dev.autodistill4j.api.model.Device.CPU, "random");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[] randomPixels(long seed) {
        Random r = new Random(seed);
        float[] p = new float[3 * 64 * 64];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) r.nextGaussian();
        }
        return p;
    }

    /** PyTorch's grad mode is per thread: an embedding call must leave the caller's setting as it found it. */
    @Test
    void embeddingCallsLeaveTheCallersGradModeUnchanged() {
        boolean before = ai.djl.pytorch.jni.JniUtils.isGradMode();
        try {
            for (boolean callerMode : new boolean[] {true, false}) {
                ai.djl.pytorch.jni.JniUtils.setGradMode(callerMode);
                model.encodeImages(new float[][] {randomPixels(4)});
                assertThat(ai.djl.pytorch.jni.JniUtils.isGradMode()).as("after encodeImages").isEqualTo(callerMode);
                model.encodeTexts(new int[][] {{49406, 320, 2368, 49407}});
                assertThat(ai.djl.pytorch.jni.JniUtils.isGradMode()).as("after encodeTexts").isEqualTo(callerMode);
            }
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(before);
        }
    }

    @Test
    void trimmingTheCausalTextBatchGivesTheSameEmbeddingsAsTheFullContext() {
        int[] shortText = {49406, 320, 1125, 539, 320, 2368, 49407};
        int[] longer = {49406, 518, 637, 1002, 3629, 2119, 2307, 320, 1125, 49407};
        int[] padded = Arrays.copyOf(shortText, 77); // zero padding to the full context, as the reference does
        float[][] trimmed = model.encodeTexts(new int[][] {shortText});
        float[][] batch = model.encodeTexts(new int[][] {shortText, longer});
        float[][] full = model.encodeTexts(new int[][] {padded});
        assertThat(GoldenData.maxAbsDiff(trimmed[0], full[0])).isLessThan(1e-5);
        assertThat(GoldenData.maxAbsDiff(trimmed[0], batch[0])).isLessThan(1e-5);
        assertThat(GoldenData.maxAbsDiff(batch[1], model.encodeTexts(new int[][] {longer})[0])).isLessThan(1e-5);
        assertThat(GoldenData.maxAbsDiff(trimmed[0], batch[1])).as("different texts differ").isGreaterThan(1e-3);
    }

    @Test
    void theEndTokenNotThePaddingDecidesWhereTextsArePooled() {
        int[] a = {49406, 320, 2368, 49407, 0, 0};
        int[] b = {49406, 320, 2368, 49407, 555, 777}; // garbage after the end token must not matter
        assertThat(GoldenData.maxAbsDiff(model.encodeTexts(new int[][] {a})[0], model.encodeTexts(new int[][] {b})[0]))
                .isLessThan(1e-5);
    }

    @Test
    void batchedImagesEqualImagesOneByOneAndFlatLayoutEqualsPerImageArrays() {
        float[][] pixels = {randomPixels(1), randomPixels(2), randomPixels(3)};
        float[][] batched = model.encodeImages(pixels);
        float[] flat = new float[3 * pixels[0].length];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(pixels[i], 0, flat, i * pixels[0].length, pixels[0].length);
            assertThat(GoldenData.maxAbsDiff(batched[i], model.encodeImages(new float[][] {pixels[i]})[0]))
                    .isLessThan(1e-5);
        }
        float[][] fromFlat = model.encodeImages(flat, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(fromFlat[i]).containsExactly(batched[i]);
        }
        assertThat(batched[0]).hasSize(32);
        assertThat(GoldenData.maxAbsDiff(batched[0], batched[1])).isGreaterThan(1e-3);
    }

    @Test
    void nativeArraysDoNotAccumulateOverTenThousandImages() {
        int batchSize = 64;
        float[] batch = new float[batchSize * 3 * 64 * 64];
        System.arraycopy(randomPixels(4), 0, batch, 0, 3 * 64 * 64);
        int[][] texts = {{49406, 320, 2368, 49407}, {49406, 518, 637, 1002, 49407}};
        model.encodeImages(batch, batchSize);
        model.encodeTexts(texts);
        assertThat(model.liveIntermediateArrays()).isZero();
        for (int i = 0; i < 10_000 / batchSize + 1; i++) {
            model.encodeImages(batch, batchSize);
            if (i % 10 == 0) {
                model.encodeTexts(texts);
            }
        }
        assertThat(model.liveIntermediateArrays()).isZero();
    }

    @Test
    void emptyBatchesGiveEmptyResults() {
        assertThat(model.encodeImages(new float[0][])).isEmpty();
        assertThat(model.encodeTexts(new int[0][])).isEmpty();
    }

    @Test
    void wrongInputsAreRefusedWithTheExpectedSize() {
        assertThatThrownBy(() -> model.encodeImages(new float[][] {new float[10]}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12288");
        assertThatThrownBy(() -> model.encodeTexts(new int[][] {new int[78]}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("77");
        assertThatThrownBy(() -> model.encodeTexts(new int[][] {{49406, 50000, 49407}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("50000");
        assertThat(model.liveIntermediateArrays()).isZero();
    }

    @Test
    void everyMissingOrMisShapedTensorIsListedInOneError() {
        RandomStateDict random = new RandomStateDict(CONFIG, 1);
        StateDict broken = new StateDict() {
            @Override
            public Set<String> names() {
                Set<String> n = new LinkedHashSet<>(random.names());
                n.remove("visual_projection.weight");
                return n;
            }

            @Override
            public TensorInfo info(String name) {
                if (name.equals("text_projection.weight")) {
                    return new TensorInfo(name, TensorDType.F32, new long[] {16, 64});
                }
                return random.info(name);
            }

            @Override
            public float[] floats(String name) {
                return random.floats(name);
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> ClipModel.load(CONFIG, broken, null, "/tmp/broken.safetensors"))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("/tmp/broken.safetensors")
                .hasMessageContaining("visual_projection.weight: missing (expected shape [32, 128])")
                .hasMessageContaining("text_projection.weight: expected shape [32, 64], found [16, 64]");
    }

    @Test
    void unknownOrUnavailableDevicesAreRefusedWithTheFix() {
        assertThatThrownBy(() -> dev.autodistill4j.api.model.Device.parse("tpu"))
                .isInstanceOf(dev.autodistill4j.api.Autodistill4jException.class).hasMessageContaining("cpu, gpu or gpu:N");
        assertThatThrownBy(() -> ClipModel.load(CONFIG, new RandomStateDict(CONFIG, 1),
                dev.autodistill4j.api.model.Device.gpu(7), "random"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("`device` cpu");
        assertThat(DeviceNames.toDjl(null, ClipModel.engine())).isEqualTo(ai.djl.Device.cpu());
    }
}
