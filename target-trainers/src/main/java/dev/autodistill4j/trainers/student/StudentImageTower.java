package dev.autodistill4j.trainers.student;

/**
 * What turns a batch of preprocessed images into raw student embeddings. The trained DJL network is one; an
 * exported copy run by another engine (ONNX Runtime) is another, so a student directory's text side, ontology
 * and zero-shot classification serve both without being written twice.
 */
public interface StudentImageTower extends AutoCloseable {

    /**
     * @param batchChw {@code count} images, each {@code [3, size, size]} as the student's preprocessing makes it
     * @return one raw (unnormalised) embedding of the teacher's dimension per image
     */
    float[][] embed(float[] batchChw, int count, int size);

    @Override
    void close();
}
