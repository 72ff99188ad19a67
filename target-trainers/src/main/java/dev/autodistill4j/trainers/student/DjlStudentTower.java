package dev.autodistill4j.trainers.student;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** The trained student network on DJL PyTorch; every native array of a batch is closed with its scope. */
record DjlStudentTower(Model model) implements StudentImageTower {

    @Override
    public float[][] embed(float[] batchChw, int count, int size) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDList y = model.getBlock().forward(new ParameterStore(m, false),
                    new NDList(m.create(batchChw, new Shape(count, 3, size, size))), false);
            float[] v = y.singletonOrThrow().toFloatArray();
            int dimension = v.length / count;
            float[][] out = new float[count][dimension];
            for (int k = 0; k < count; k++) {
                System.arraycopy(v, k * dimension, out[k], 0, dimension);
            }
            return out;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
