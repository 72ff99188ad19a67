package dev.autodistill4j.trainers.linear;

import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.trainers.model.BaseModelReference;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.util.List;

/**
 * A trained linear probe's parts, for exporters that rebuild it in another format (ONNX): the classes, the
 * weights {@code W [classes, dim]} and {@code b}, and the base model whose normalised image embeddings it reads.
 *
 * @param baseModelSpec the {@code provider:reference} the probe was trained on (from the manifest, a local path
 *                      resolved as {@link BaseModelReference#toLoad} resolves it)
 */
public record LinearProbeExport(List<String> classes, float[][] weights, float[] bias, String baseModelSpec) {

    /** Reads a verified {@code linear-probe} model directory. */
    public static LinearProbeExport read(TargetModelDirectory dir) {
        if (!LinearProbeTrainer.NAME.equals(dir.trainer())) {
            throw new ModelLoadException(dir.dir() + " is a '" + dir.trainer() + "' model, not a linear probe");
        }
        List<String> classes = dir.classes();
        SoftmaxRegression.Weights w = LinearProbeWeights.read(dir.file(LinearProbeTrainer.WEIGHTS), classes.size());
        return new LinearProbeExport(classes, w.w(), w.b(), BaseModelReference.toLoad(
                LinearProbeConfig.read(dir).baseModel(), dir, ModelRequest.of(null)));
    }
}
