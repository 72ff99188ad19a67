package dev.autodistill4j.trainers.cnn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.config.HyperParameters;
import dev.autodistill4j.trainers.config.TrainerConfig;
import dev.autodistill4j.trainers.model.TargetModelDirectory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cnn trainer's settings, read from the request's hyper-parameters with defaults sized for the 64 px
 * shapes world on a 2-core CPU, and read back from {@code model.json} when a model is loaded. Colour jitter is
 * off by default because colour is often what the classes mean.
 */
public record CnnConfig(int inputSize, int[] widths, boolean residual, int epochs, int batchSize,
                        double learningRate, double weightDecay, int patience, boolean randomCrop, double cropScale,
                        boolean flipHorizontal, boolean flipVertical, double colorJitter, double dropout,
                        SoftLabels softLabels, double temperature)
        implements TrainerConfig {

    /** The {@code -p} keys the cnn understands. */
    public static final Set<String> KEYS = Set.of("input-size", "widths", "residual", "batch-size", "lr",
            "weight-decay", "patience", "random-crop", "crop-scale", "flip-horizontal", "flip-vertical",
            "color-jitter", "dropout", "soft-labels", "temperature");
    private static final int DEFAULT_EPOCHS = 30;
    private static final double DEFAULT_TEMPERATURE = 4.0;
    private static final String DEFAULT_WIDTHS = "16,32,64,128";

    public CnnConfig {
        widths = widths.clone();
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    /** Parses and validates the request's {@code -p} settings ({@code --epochs} 0 → 30). */
    public static CnnConfig from(TrainingRequest r) {
        HyperParameters p = HyperParameters.of(CnnTrainer.NAME, r, KEYS);
        int inputSize = p.integer("input-size", 64, 16, 512);
        int[] widths = parseWidths(p.text("widths", DEFAULT_WIDTHS));
        if (inputSize >> (widths.length - 1) < 2) {
            throw new TrainingException("input-size=" + inputSize + " is too small for " + widths.length
                    + " stages (each halves the size): raise input-size or give fewer widths");
        }
        return new CnnConfig(inputSize, widths,
                p.bool("residual", false),
                r.epochs() > 0 ? r.epochs() : DEFAULT_EPOCHS,
                p.integer("batch-size", 32, 2, 65_536), // batch norm needs at least 2
                p.decimal("lr", 0.003, 0, false, Double.POSITIVE_INFINITY, false),
                p.decimal("weight-decay", 0.0, 0, true, Double.POSITIVE_INFINITY, false),
                p.integer("patience", 8, 1, Integer.MAX_VALUE),
                p.bool("random-crop", true),
                p.decimal("crop-scale", 0.8, 0, false, 1, true),
                p.bool("flip-horizontal", true),
                p.bool("flip-vertical", true),
                p.decimal("color-jitter", 0.0, 0, true, 1, false),
                p.decimal("dropout", 0.1, 0, true, 1, false),
                SoftLabels.parse(p.text("soft-labels", SoftLabels.AUTO.text())),
                p.decimal("temperature", DEFAULT_TEMPERATURE, 0, false, 100, true));
    }

    /**
     * The settings a cnn model directory was trained with. Only the architecture ({@code input_size} in
     * {@code preprocessing}, {@code widths}) is required; settings a model written by an older version lacks
     * take the values that version used ({@code residual} false, {@code dropout} 0, hard labels), training-only ones their
     * defaults, and keys this version does not know are ignored.
     *
     * @throws ModelLoadException when the architecture is missing or malformed
     */
    public static CnnConfig read(TargetModelDirectory dir) {
        JsonNode hp = dir.hyperParameters();
        int inputSize = dir.preprocessing().path("input_size").asInt(-1);
        JsonNode widthsNode = hp.path("widths");
        if (inputSize < 16 || !widthsNode.isArray() || widthsNode.isEmpty()) {
            throw new ModelLoadException(dir.dir() + "/model.json lacks the cnn's input_size or widths: the directory "
                    + "is damaged; retrain the model");
        }
        int[] widths = new int[widthsNode.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = widthsNode.get(i).asInt();
        }
        return new CnnConfig(inputSize, widths, hp.path("residual").asBoolean(false),
                hp.path("epochs").asInt(DEFAULT_EPOCHS), hp.path("batch-size").asInt(32),
                hp.path("lr").asDouble(0.003), hp.path("weight-decay").asDouble(0.0), hp.path("patience").asInt(8),
                hp.path("random-crop").asBoolean(true), hp.path("crop-scale").asDouble(0.8),
                hp.path("flip-horizontal").asBoolean(true), hp.path("flip-vertical").asBoolean(true),
                hp.path("color-jitter").asDouble(0.0), hp.path("dropout").asDouble(0),
                recordedSoftLabels(hp.path("soft-labels")),
                hp.path("temperature").asDouble(1.0));
    }

    /** Training-only, so an absent (older model: hard labels) or unreadable value is {@link SoftLabels#OFF}. */
    private static SoftLabels recordedSoftLabels(JsonNode node) {
        try {
            return node.isMissingNode() ? SoftLabels.OFF : SoftLabels.parse(node.asText());
        } catch (TrainingException e) {
            return SoftLabels.OFF;
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
                    + "e.g. widths=" + DEFAULT_WIDTHS);
        }
    }

    /** Effective values, under the names (and in the order) {@code model.json} has always used. */
    @Override
    public Map<String, Object> toHyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input-size", inputSize);
        m.put("widths", widthList());
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
        m.put("soft-labels", softLabels.text());
        m.put("temperature", temperature);
        return m;
    }

    private List<Integer> widthList() {
        return Arrays.stream(widths).boxed().toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CnnConfig c && toHyperParameters().equals(c.toHyperParameters());
    }

    @Override
    public int hashCode() {
        return toHyperParameters().hashCode();
    }

    @Override
    public String toString() {
        return "CnnConfig" + toHyperParameters();
    }
}
