package dev.autodistill4j.onnx.export;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.trainers.cnn.CnnExport;
import dev.autodistill4j.trainers.cnn.CnnTrainer;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.io.IOException;
import java.nio.file.Path;

/** The export of a {@code cnn} classifier: conv / batch norm / ReLU stages → global average pool → softmax. */
public final class CnnOnnxExport implements TrainerOnnxExport {

    @Override
    public String name() {
        return CnnTrainer.NAME;
    }

    @Override
    public Written export(TargetModelDirectory dir, Precision precision, Path modelFile) throws IOException {
        if (precision == Precision.INT8) {
            throw new Autodistill4jException("`int8` is not offered for a cnn classifier (only for CLIP, "
                    + "linear probes and students; docs/onnx.md): export " + dir.dir() + " without `int8`");
        }
        CnnExport cnn = CnnExport.read(dir);
        var files = TrainerOnnxExport.write(CnnGraph.build(cnn), dir, modelFile);
        return new Written(TargetOnnxManifest.cnn(dir, cnn), files);
    }
}
