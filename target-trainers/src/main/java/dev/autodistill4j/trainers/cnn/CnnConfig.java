package dev.autodistill4j.trainers.cnn;

import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cnn trainer's settings, read from the request's hyper-parameters with defaults sized for the 64 px
 * shapes world on a 2-core CPU. Colour jitter is off by default because colour is often what the classes mean.
 */
record CnnConfig(int inputSize, int[] widths, boolean residual, int epochs, int batchSize, double learningRate,
                 double weightDecay, int patience, boolean randomCrop, double cropScale, boolean flipHorizontal,
                 boolean flipVertical, double colorJitter, double dropout) {

    static CnnConfig from(TrainingRequest r) {
        CnnConfig c = new CnnConfig(
                r.intParam("input-size", 64),
                parseWidths(r.param("widths", "16,32,64,128")),
                r.booleanParam("residual", false),
                r.epochs() > 0 ? r.epochs() : 30,
                r.intParam("batch-size", 32),
                r.doubleParam("lr", 0.003),
                r.doubleParam("weight-decay", 0.0),
                r.intParam("patience", 8),
                r.booleanParam("random-crop", true),
                r.doubleParam("crop-scale", 0.8),
                r.booleanParam("flip-horizontal", true),
                r.booleanParam("flip-vertical", true),
                r.doubleParam("color-jitter", 0.0),
                r.doubleParam("dropout", 0.1));
        c.validate();
        return c;
    }

    private void validate() {
        if (inputSize < 16 || inputSize > 512) {
            throw new TrainingException("input-size=" + inputSize + " is out of range: give 16..512 (64 suits the "
                    + "shapes world)");
        }
        if (inputSize >> (widths.length - 1) < 2) {
            throw new TrainingException("input-size=" + inputSize + " is too small for " + widths.length
                    + " stages (each halves the size): raise input-size or give fewer widths");
        }
        if (batchSize < 2) {
            throw new TrainingException("batch-size=" + batchSize + " must be at least 2 (batch norm needs it)");
        }
        if (learningRate <= 0 || weightDecay < 0 || patience < 1 || cropScale <= 0 || cropScale > 1
                || colorJitter < 0 || colorJitter >= 1 || dropout < 0 || dropout >= 1) {
            throw new TrainingException("invalid cnn hyper-parameters: need lr > 0, weight-decay >= 0, patience >= 1,"
                    + " 0 < crop-scale <= 1, 0 <= color-jitter < 1, 0 <= dropout < 1 (got " + asMap() + ")");
        }
    }

    private static int[] parseWidths(String text) {
        try {
            int[] w = Arrays.stream(text.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
            if (w.length == 0 || w.length > 6 || Arrays.stream(w).anyMatch(v -> v < 1 || v > 1024)) {
                throw new NumberFormatException();
            }
            return w;
        } catch (NumberFormatException e) {
            throw new TrainingException("widths=" + text + " is not 1 to 6 comma-separated channel counts: give "
                    + "e.g. widths=16,32,64,128");
        }
    }

    /** Effective values, for the manifest. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input-size", inputSize);
        m.put("widths", Arrays.stream(widths).boxed().toList());
        m.put("residual", residual);
        m.put("epochs", epochs);
        m.put("batch-size", batchSize);
        m.put("lr", learningRate);
        m.put("weight-decay", weightDecay);
        m.put("patience", patience);
        m.put("random-crop", randomCrop);
        m.put("crop-scale", cropScale);
        m.put("flip-horizontal", flipHorizontal);
        m.put("flip-vertical", flipVertical);
        m.put("color-jitter", colorJitter);
        m.put("dropout", dropout);
        return m;
    }
}
