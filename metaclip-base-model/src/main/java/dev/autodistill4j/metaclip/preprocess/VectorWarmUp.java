package dev.autodistill4j.metaclip.preprocess;

import java.util.SplittableRandom;

/**
 * Runs the vector loops on a synthetic image until the JIT has compiled them, for {@link VectorApi}: a 640×480
 * noise image resized and cropped to 224×224 and normalised, {@value #ROUNDS} times (~0.2 s of one core on an idle
 * machine, a few seconds on a loaded one; measured, the loops reach their compiled speed after 5–7 rounds). The
 * results are thrown away; any failure leaves the scalar loops in charge.
 */
final class VectorWarmUp {
    static final int ROUNDS = 12;
    private static final int W = 640;
    private static final int H = 480;
    private static final int CROP = 224;

    private VectorWarmUp() {
    }

    static void run() {
        SplittableRandom random = new SplittableRandom(1);
        int[] rgb = new int[W * H];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = random.nextInt(1 << 24);
        }
        int outW = CROP * W / H;
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        float[] out = new float[3 * CROP * CROP];
        for (int round = 0; round < ROUNDS; round++) {
            int[] crop = PillowBicubic.resizeRegion(rgb, W, H, outW, CROP, (outW - CROP) / 2, 0, CROP, CROP, true);
            ClipImagePreprocessor.normalizeInto(crop, crop.length, out, 0, mean, std, true);
        }
    }
}
