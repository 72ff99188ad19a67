package dev.autodistill4j.trainers.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The student's loss against the teacher's unit-length image embeddings {@code t}: {@code 1 − mean cos(s, t)}
 * over the batch, plus optionally {@code relational ×} the mean squared difference between the batch's
 * student and teacher cosine-similarity matrices (TinyCLIP's affinity mimicking: it teaches how images relate
 * to each other, which zero-shot and search use, not only where each one lies).
 */
final class DistillationLoss extends Loss {
    private static final float EPS = 1e-12f;
    private final float relational;

    DistillationLoss(double relational) {
        super("distillation");
        this.relational = (float) relational;
    }

    /** {@code x / ‖x‖} row by row. */
    static NDArray unit(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).add(EPS).sqrt());
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray teacher = labels.singletonOrThrow();
        NDArray student = unit(predictions.singletonOrThrow());
        NDArray loss = student.mul(teacher).sum(new int[] {1}).mean().neg().add(1f);
        if (relational > 0) {
            NDArray ss = student.matMul(student.transpose());
            NDArray tt = teacher.matMul(teacher.transpose());
            loss = loss.add(ss.sub(tt).square().mean().mul(relational));
        }
        return loss;
    }
}
