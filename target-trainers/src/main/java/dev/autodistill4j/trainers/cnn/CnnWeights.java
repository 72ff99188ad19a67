package dev.autodistill4j.trainers.cnn;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saving and loading the cnn's weights in DJL's {@code <prefix>-<epoch>.params} format, with a shape check
 * after every load so a checkpoint for another architecture or class count fails with a message, not with a
 * native crash at the first forward pass.
 */
final class CnnWeights {
    static final String PREFIX = "cnn";
    static final String FILE = PREFIX + "-0000.params";
    private static final Pattern PARAMS = Pattern.compile("(.+)-(\\d{4})\\.params");

    private CnnWeights() {
    }

    /** Snapshot of the block's parameters in memory (the "best so far" weights for early stopping). */
    static byte[] snapshot(Block block) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new TrainingException("cannot snapshot cnn weights: " + e.getMessage(), e);
        }
    }

    static void restore(Block block, NDManager manager, byte[] snapshot) {
        try {
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(snapshot)));
        } catch (IOException | MalformedModelException e) {
            throw new TrainingException("cannot restore cnn weights: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a checkpoint (a cnn model directory, or a DJL {@code .params} file) into {@code model}'s initialised
     * block, then checks every parameter kept the shape the block expects.
     */
    static void loadInto(Model model, Path checkpoint) {
        Path file = resolveCheckpoint(checkpoint);
        Matcher m = PARAMS.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new TrainingException("init checkpoint " + file + " is not named like a DJL parameter file "
                    + "(<prefix>-<epoch>.params, e.g. cnn-0000.params): give a cnn model directory or such a file");
        }
        requireDjlParams(file);
        List<Pair<String, Shape>> expected = shapes(model.getBlock());
        try {
            model.load(file.getParent(), m.group(1), Map.of("epoch", m.group(2)));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new TrainingException("init checkpoint " + file + " does not fit this network (" + e.getMessage()
                    + "): it must come from the cnn trainer with the same widths, residual setting and number of "
                    + "classes", e);
        }
        requireFinite(model.getBlock(), file);
        List<Pair<String, Shape>> actual = shapes(model.getBlock());
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).getValue().equals(actual.get(i).getValue())) {
                throw new TrainingException("init checkpoint " + file + " has shape " + actual.get(i).getValue()
                        + " for " + expected.get(i).getKey() + " but this network needs "
                        + expected.get(i).getValue() + ": train with the checkpoint's widths and class count, or "
                        + "start from scratch");
            }
        }
    }

    /**
     * Refuses weights holding NaN or an infinity, naming the parameter and the file: such a network outputs NaN
     * for every image, which must never reach a prediction or a report.
     */
    static void requireFinite(Block block, Path file) {
        String bad = firstNonFinite(block);
        if (bad != null) {
            throw new ModelLoadException(file + ": " + bad + "; the weights are corrupt or training diverged: "
                    + "retrain the model");
        }
    }

    /** "parameter NAME holds NaN at index I" for the first non-finite weight, or null when all are finite. */
    static String firstNonFinite(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().isInitialized()) {
                continue;
            }
            float[] values = p.getValue().getArray().toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .toFloatArray();
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    return "parameter " + p.getKey() + " holds " + values[i] + " at index " + i;
                }
            }
        }
        return null;
    }

    /** DJL silently ignores a .params file without its header, so check the magic ourselves. */
    private static void requireDjlParams(Path file) {
        byte[] magic = new byte[4];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(magic, 0, 4) == 4 && new String(magic, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("DJL@")) {
                return;
            }
        } catch (IOException e) {
            throw new TrainingException("cannot read init checkpoint " + file + ": " + e.getMessage(), e);
        }
        throw new TrainingException("init checkpoint " + file + " is not a DJL parameter file (no DJL@ header): "
                + "give a cnn model directory or a .params file saved by DJL's Model.save");
    }

    private static Path resolveCheckpoint(Path checkpoint) {
        if (Files.isDirectory(checkpoint)) {
            TargetModelDirectory dir;
            try {
                dir = TargetModelDirectory.open(checkpoint);
            } catch (Autodistill4jException e) {
                throw new TrainingException("init checkpoint " + checkpoint + " is not usable: " + e.getMessage(), e);
            }
            if (!CnnTrainer.NAME.equals(dir.trainer())) {
                throw new TrainingException("init checkpoint " + checkpoint + " is a '" + dir.trainer() + "' model: "
                        + "`init` needs a cnn model directory or a DJL .params file");
            }
            return dir.file(FILE);
        }
        if (!Files.isRegularFile(checkpoint)) {
            throw new TrainingException("init checkpoint " + checkpoint + " does not exist: give a cnn model "
                    + "directory or a DJL .params file");
        }
        return checkpoint.toAbsolutePath();
    }

    private static List<Pair<String, Shape>> shapes(Block block) {
        List<Pair<String, Shape>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            out.add(new Pair<>(p.getKey(), param.isInitialized() ? param.getArray().getShape() : param.getShape()));
        }
        return out;
    }
}
