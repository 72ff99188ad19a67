package dev.autodistill4j.trainers.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.autodistill4j.api.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The cnn's epochs: shuffled, augmented mini-batches, then an eval-mode pass over {@code valid}; early stopping
 * on valid accuracy (ties → lower valid loss) with {@code patience}, and the best epoch's weights restored at
 * the end. All randomness comes from the {@link Random} it is given, on the calling thread, so a seed gives
 * the same run.
 */
final class CnnTrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(CnnTrainingLoop.class);
    private static final int EVAL_BATCH = 64;

    private final Trainer trainer;
    private final Block block;
    private final CnnConfig cfg;
    private final NDManager weightsManager;
    private final Random random;

    /**
     * @param weightsManager the model's own manager, which must own the restored best weights (the trainer's
     *                       manager closes with the trainer, before the weights are saved)
     */
    CnnTrainingLoop(Trainer trainer, Block block, NDManager weightsManager, CnnConfig cfg, Random random) {
        this.trainer = trainer;
        this.block = block;
        this.weightsManager = weightsManager;
        this.cfg = cfg;
        this.random = random;
    }

    /**
     * Trains and leaves the best epoch's weights in the block.
     *
     * @return {@code valid_accuracy}, {@code valid_loss}, {@code best_epoch}, {@code epochs_run}, {@code history}
     */
    Map<String, Object> run(List<BufferedImage> trainImages, int[] trainLabels, float[][] validX, int[] validLabels,
                            ProgressListener progress) {
        return run(trainImages, trainLabels, null, validX, validLabels, progress);
    }

    /**
     * As {@link #run(List, int[], float[][], int[], ProgressListener)}, training on {@code softTargets} (one
     * distribution per train image, for a trainer whose loss takes dense labels) when not null; valid accuracy
     * and loss stay on the hard labels, so early stopping judges what the user will measure.
     */
    Map<String, Object> run(List<BufferedImage> trainImages, int[] trainLabels, float[][] softTargets,
                            float[][] validX, int[] validLabels, ProgressListener progress) {
        double bestAcc = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        byte[] best = null;
        List<Map<String, Object>> history = new ArrayList<>();
        int epoch = 0;
        for (; epoch < cfg.epochs(); epoch++) {
            double trainLoss = trainEpoch(trainImages, trainLabels, softTargets);
            double[] v = validate(validX, validLabels);
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("epoch", epoch + 1);
            h.put("train_loss", trainLoss);
            h.put("valid_loss", v[1]);
            h.put("valid_accuracy", v[0]);
            history.add(h);
            LOG.info("cnn epoch {}/{} train_loss={} valid_loss={} valid_acc={}", epoch + 1, cfg.epochs(),
                    String.format("%.4f", trainLoss), String.format("%.4f", v[1]), String.format("%.4f", v[0]));
            progress.update("train", epoch + 1, cfg.epochs());
            if (v[0] > bestAcc || (v[0] == bestAcc && v[1] < bestLoss)) {
                bestAcc = v[0];
                bestLoss = v[1];
                bestEpoch = epoch + 1;
                best = CnnWeights.snapshot(block);
            } else if (epoch + 1 - bestEpoch >= cfg.patience()) {
                LOG.info("cnn: no valid improvement for {} epochs; stopping early", cfg.patience());
                epoch++;
                break;
            }
        }
        CnnWeights.restore(block, weightsManager, best);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("valid_accuracy", bestAcc);
        metrics.put("valid_loss", bestLoss);
        metrics.put("best_epoch", bestEpoch);
        metrics.put("epochs_run", epoch);
        metrics.put("history", history);
        return metrics;
    }

    private double trainEpoch(List<BufferedImage> images, int[] labels, float[][] soft) {
        int n = images.size();
        int[] order = shuffledOrder(n);
        int size = cfg.inputSize();
        int plane = 3 * size * size;
        double lossSum = 0;
        int seen = 0;
        for (int start = 0; start + 2 <= n; start += cfg.batchSize()) {
            int b = Math.min(cfg.batchSize(), n - start);
            if (b < 2) {
                break;
            }
            float[] flat = new float[b * plane];
            int classes = soft == null ? 1 : soft[0].length;
            float[] y = new float[b * classes];
            for (int k = 0; k < b; k++) {
                int idx = order[start + k];
                System.arraycopy(ImageTensors.augment(images.get(idx), cfg, random), 0, flat, k * plane, plane);
                if (soft == null) {
                    y[k] = labels[idx];
                } else {
                    System.arraycopy(soft[idx], 0, y, k * classes, classes);
                }
            }
            try (NDManager bm = trainer.getManager().newSubManager()) {
                NDArray x = bm.create(flat, new Shape(b, 3, size, size));
                NDArray yy = soft == null ? bm.create(y) : bm.create(y, new Shape(b, classes));
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList pred = trainer.forward(new NDList(x));
                    NDArray loss = trainer.getLoss().evaluate(new NDList(yy), pred);
                    lossSum += loss.getFloat() * b;
                    gc.backward(loss);
                }
                trainer.step();
            }
            seen += b;
        }
        return seen == 0 ? 0 : lossSum / seen;
    }

    /** Fisher–Yates with the loop's generator. */
    private int[] shuffledOrder(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** {accuracy, mean loss} on the valid split, in eval mode (batch-norm running statistics, no dropout). */
    private double[] validate(float[][] x, int[] labels) {
        int size = cfg.inputSize();
        int plane = 3 * size * size;
        int ok = 0;
        double lossSum = 0;
        for (int start = 0; start < x.length; start += EVAL_BATCH) {
            int b = Math.min(EVAL_BATCH, x.length - start);
            float[] flat = new float[b * plane];
            for (int k = 0; k < b; k++) {
                System.arraycopy(x[start + k], 0, flat, k * plane, plane);
            }
            try (NDManager bm = trainer.getManager().newSubManager()) {
                NDArray logits = trainer.evaluate(new NDList(bm.create(flat, new Shape(b, 3, size, size))))
                        .singletonOrThrow();
                float[] logp = logits.logSoftmax(1).toFloatArray();
                int c = (int) logits.getShape().get(1);
                for (int k = 0; k < b; k++) {
                    if (argmax(logp, k * c, c) == labels[start + k]) {
                        ok++;
                    }
                    lossSum -= logp[k * c + labels[start + k]];
                }
            }
        }
        return new double[] {(double) ok / x.length, lossSum / x.length};
    }

    private static int argmax(float[] values, int offset, int count) {
        int best = 0;
        for (int j = 1; j < count; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
