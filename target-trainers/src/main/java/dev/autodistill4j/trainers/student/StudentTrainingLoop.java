package dev.autodistill4j.trainers.student;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.trainers.TrainingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The student's epochs: shuffled mini-batches of (preprocessed image, teacher unit vector), the
 * {@link DistillationLoss}, then the mean cosine to the teacher on the held-out images in eval mode; the
 * epoch with the best held-out cosine is the one kept. All randomness comes from one seeded {@link Random} on
 * the calling thread, so a seed gives the same student.
 */
final class StudentTrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(StudentTrainingLoop.class);
    private static final int EVAL_BATCH = 64;

    private final Trainer trainer;
    private final Block block;
    private final NDManager weightsManager;
    private final StudentConfig cfg;
    private final Shape imageShape;
    private final Random random;

    StudentTrainingLoop(Trainer trainer, Block block, NDManager weightsManager, StudentConfig cfg, Shape imageShape,
                        Random random) {
        this.trainer = trainer;
        this.block = block;
        this.weightsManager = weightsManager;
        this.cfg = cfg;
        this.imageShape = imageShape;
        this.random = random;
    }

    /** Trains on {@code train}, keeps the best epoch on {@code valid}; returns the metrics. */
    Map<String, Object> run(Examples train, Examples valid, ProgressListener progress) {
        double best = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        byte[] bestWeights = null;
        List<Map<String, Object>> history = new ArrayList<>();
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            double loss = trainEpoch(train);
            double cosine = valid.size() == 0 ? 1 - loss : meanCosine(valid);
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("epoch", epoch);
            h.put("train_loss", loss);
            h.put("valid_cosine", cosine);
            history.add(h);
            LOG.info("student epoch {}/{} train_loss={} valid_cosine={}", epoch, cfg.epochs(),
                    String.format("%.4f", loss), String.format("%.4f", cosine));
            progress.update("train", epoch, cfg.epochs());
            if (!Double.isFinite(loss)) {
                throw new TrainingException("student training diverged (loss " + loss + " in epoch " + epoch
                        + "); nothing was saved: lower the learning rate (-p lr=..., now " + cfg.learningRate()
                        + ") and train again");
            }
            if (cosine > best) {
                best = cosine;
                bestEpoch = epoch;
                bestWeights = snapshot();
            }
        }
        restore(bestWeights);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("valid_cosine", best);
        metrics.put("best_epoch", bestEpoch);
        metrics.put("history", history);
        return metrics;
    }

    private double trainEpoch(Examples data) {
        int n = data.size();
        int[] order = shuffled(n);
        double lossSum = 0;
        int seen = 0;
        for (int start = 0; start + 2 <= n; start += cfg.batchSize()) {
            int b = Math.min(cfg.batchSize(), n - start);
            if (b < 2) { // batch norm needs two images
                break;
            }
            int[] idx = new int[b];
            System.arraycopy(order, start, idx, 0, b);
            try (NDManager bm = trainer.getManager().newSubManager()) {
                NDArray x = bm.create(data.pixels(idx), batchShape(b));
                NDArray t = bm.create(data.targets(idx), new Shape(b, data.dimension()));
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList pred = trainer.forward(new NDList(x));
                    NDArray loss = trainer.getLoss().evaluate(new NDList(t), pred);
                    lossSum += loss.getFloat() * b;
                    gc.backward(loss);
                }
                trainer.step();
            }
            seen += b;
        }
        return seen == 0 ? 0 : lossSum / seen;
    }

    /** Mean cosine between the student's and the teacher's embeddings, in eval mode. */
    private double meanCosine(Examples data) {
        double sum = 0;
        for (int start = 0; start < data.size(); start += EVAL_BATCH) {
            int b = Math.min(EVAL_BATCH, data.size() - start);
            int[] idx = new int[b];
            for (int k = 0; k < b; k++) {
                idx[k] = start + k;
            }
            try (NDManager bm = trainer.getManager().newSubManager()) {
                NDArray s = DistillationLoss.unit(trainer.evaluate(new NDList(bm.create(data.pixels(idx),
                        batchShape(b)))).singletonOrThrow());
                NDArray t = bm.create(data.targets(idx), new Shape(b, data.dimension()));
                sum += s.mul(t).sum().getFloat();
            }
        }
        return sum / data.size();
    }

    private Shape batchShape(int b) {
        return new Shape(b, imageShape.get(0), imageShape.get(1), imageShape.get(2));
    }

    private int[] shuffled(int n) {
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

    private byte[] snapshot() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new TrainingException("cannot snapshot the student's weights: " + e.getMessage(), e);
        }
    }

    private void restore(byte[] weights) {
        if (weights == null) {
            return;
        }
        try {
            block.loadParameters(weightsManager, new DataInputStream(new ByteArrayInputStream(weights)));
        } catch (IOException | MalformedModelException e) {
            throw new TrainingException("cannot restore the student's best weights: " + e.getMessage(), e);
        }
    }

    /** Preprocessed images (CHW floats) with their teacher unit vectors. */
    record Examples(List<float[]> images, float[][] teacher) {
        int size() {
            return images.size();
        }

        int dimension() {
            return teacher.length == 0 ? 0 : teacher[0].length;
        }

        float[] pixels(int[] idx) {
            int plane = images.get(0).length;
            float[] flat = new float[idx.length * plane];
            for (int k = 0; k < idx.length; k++) {
                System.arraycopy(images.get(idx[k]), 0, flat, k * plane, plane);
            }
            return flat;
        }

        float[] targets(int[] idx) {
            int d = dimension();
            float[] flat = new float[idx.length * d];
            for (int k = 0; k < idx.length; k++) {
                System.arraycopy(teacher[idx[k]], 0, flat, k * d, d);
            }
            return flat;
        }
    }
}
