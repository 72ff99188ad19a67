package dev.autodistill4j.trainers.cnn;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained cnn's parts, for exporters that rebuild it in another format (ONNX): the architecture (widths,
 * residual blocks, input size), the preprocessing constants, and every parameter in the network's order —
 * per stage conv weight, then batch-norm gamma, beta, running mean, running variance (the residual branch's
 * two conv + batch-norm pairs after the stage's own), then the classifier's weight and bias.
 *
 * @param parameters DJL parameter names, shapes and values, in block order
 */
public record CnnExport(List<String> classes, int inputSize, int[] widths, boolean residual, float mean, float std,
                        float batchNormEpsilon, List<Param> parameters) {

    /** One parameter tensor. */
    public record Param(String name, long[] shape, float[] values) {
    }

    /** Loads a verified {@code cnn} model directory on the CPU and copies its parameters out. */
    public static CnnExport read(TargetModelDirectory dir) {
        if (!CnnTrainer.NAME.equals(dir.trainer())) {
            throw new ModelLoadException(dir.dir() + " is a '" + dir.trainer() + "' model, not a cnn");
        }
        CnnModel model = (CnnModel) new CnnTrainer().load(dir, new dev.autodistill4j.api.model.ModelRequest(
                dir.dir().toString(), null, dev.autodistill4j.api.model.Device.CPU, java.util.Map.of()), null);
        try {
            Model djl = model.djlModel();
            List<Param> params = new ArrayList<>();
            for (Pair<String, Parameter> p : djl.getBlock().getParameters()) {
                NDArray a = p.getValue().getArray();
                params.add(new Param(p.getKey(), a.getShape().getShape(), a.toFloatArray()));
            }
            CnnConfig cfg = CnnConfig.read(dir);
            return new CnnExport(dir.classes(), model.inputSize(), cfg.widths(), cfg.residual(), ImageTensors.MEAN,
                    ImageTensors.STD, 1e-5f, params);
        } finally {
            model.close();
        }
    }
}
