package dev.autodistill4j.trainers.linear;

import dev.autodistill4j.datasets.OutputFiles;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.trainers.TrainingException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Binary form of a linear probe ({@code AD4JLP01}, class count, dimension, W row-major, b; big-endian). */
final class LinearProbeWeights {
    private static final byte[] MAGIC = "AD4JLP01".getBytes(StandardCharsets.US_ASCII);

    private LinearProbeWeights() {
    }

    static void write(Path file, SoftmaxRegression.Weights w) throws IOException {
        for (int k = 0; k < w.w().length; k++) {
            refuseNonFinite(file, "W[" + k + "]", w.w()[k], true);
        }
        refuseNonFinite(file, "b", w.b(), true);
        try (OutputStream os = OutputFiles.createNew(file); // into the fresh staging folder, never via a link
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
            out.write(MAGIC);
            out.writeInt(w.b().length);
            out.writeInt(w.w()[0].length);
            for (float[] row : w.w()) {
                for (float f : row) {
                    out.writeFloat(f);
                }
            }
            for (float f : w.b()) {
                out.writeFloat(f);
            }
        }
    }

    /**
     * NaN or infinite weights would turn every prediction into NaN: refuse to write them (training diverged) or
     * to read them (the file is corrupt), naming the row and the file.
     */
    private static void refuseNonFinite(Path file, String tensor, float[] values, boolean writing) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                String where = "linear-probe weight " + tensor + " holds " + values[i] + " at index " + i;
                if (writing) {
                    throw new TrainingException("training diverged (" + where + "); nothing was saved to " + file
                            + ": try a larger l2 (-p l2-grid=...) and train again");
                }
                throw new ModelLoadException(file + ": " + where + "; the file is corrupt or training diverged: "
                        + "retrain the model");
            }
        }
    }

    static SoftmaxRegression.Weights read(Path file, int expectedClasses) {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(is))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ModelLoadException(file + " is not a linear-probe weight file: retrain the model");
            }
            int c = in.readInt();
            int d = in.readInt();
            if (c != expectedClasses || d <= 0 || d > 1 << 16) {
                throw new ModelLoadException(file + " holds " + c + "x" + d + " weights but the manifest lists "
                        + expectedClasses + " classes: the directory is damaged; retrain the model");
            }
            float[][] w = new float[c][d];
            for (float[] row : w) {
                for (int j = 0; j < d; j++) {
                    row[j] = in.readFloat();
                }
            }
            float[] b = new float[c];
            for (int k = 0; k < c; k++) {
                b[k] = in.readFloat();
            }
            for (int k = 0; k < c; k++) {
                refuseNonFinite(file, "W[" + k + "]", w[k], false);
            }
            refuseNonFinite(file, "b", b, false);
            return new SoftmaxRegression.Weights(w, b);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read linear-probe weights " + file + " (" + e.getMessage()
                    + "): the file is truncated; retrain the model", e);
        }
    }
}
