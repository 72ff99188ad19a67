package dev.autodistill4j.trainers.student;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.util.Map;

/**
 * How many weights a student's image tower has: what runs per image, the number {@code bench} puts beside the
 * teacher's vision tower to say what a student costs. Counted on the loaded network, so it is the network the
 * directory's weights fit, whatever its shape; trainable parameters only (batch-norm running statistics are
 * state, not weights, as PyTorch's {@code parameters()} counts).
 */
public final class StudentParameters {
    private StudentParameters() {
    }

    /** The trainable parameter count of the student in {@code dir}, loaded on the CPU. */
    public static long count(TargetModelDirectory dir) {
        if (!StudentTrainer.NAME.equals(dir.trainer())) {
            throw new ModelLoadException(dir.dir() + " is a '" + dir.trainer() + "' model, not a student");
        }
        StudentModel model = StudentLoader.load(dir, new ModelRequest(dir.dir().toString(), null, Device.CPU,
                Map.of()));
        try {
            long n = 0;
            for (Pair<String, Parameter> p : model.djlModel().getBlock().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    n += p.getValue().getArray().size();
                }
            }
            return n;
        } finally {
            model.close();
        }
    }
}
