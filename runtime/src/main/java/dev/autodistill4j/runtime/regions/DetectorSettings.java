package dev.autodistill4j.runtime.regions;

import java.util.Map;

/**
 * How {@code label-regions} takes its boxes from a detector, declared once: the keys, defaults and ranges here
 * are what the builder checks, what {@code run.json} records and what the CLI's options derive from.
 *
 * <p>The detector gives evidence only (boxes with a class distribution each); the runtime decides which boxes
 * are kept — those whose top class probability is strictly above {@link #confidence}, then class-agnostic
 * non-maximum suppression at {@link #nmsIou} — and the classification model names each kept box as it names
 * boxes read from files.
 *
 * @param spec       the detector as {@code provider[:reference]} (setting {@value #KEY})
 * @param options    provider options of the detector (setting {@value #OPTIONS_KEY})
 * @param confidence a box is kept when its top class probability is strictly above this
 *                   (setting {@value #CONFIDENCE_KEY}, {@value #MIN_CONFIDENCE} ≤ value < {@value #MAX_CONFIDENCE})
 * @param nmsIou     a box overlapping a kept box of higher score by more than this IoU is suppressed
 *                   (setting {@value #NMS_IOU_KEY}, {@value #MIN_NMS_IOU} to {@value #MAX_NMS_IOU}; 1 keeps
 *                   every box)
 */
public record DetectorSettings(String spec, Map<String, String> options, double confidence, double nmsIou) {
    public static final String KEY = "detector";
    public static final String OPTIONS_KEY = "detector-option";
    public static final String CONFIDENCE_KEY = "box-confidence";
    public static final String NMS_IOU_KEY = "nms-iou";
    /** Ultralytics' default prediction threshold: low, because the classification model decides the names. */
    public static final double DEFAULT_CONFIDENCE = 0.25;
    public static final double MIN_CONFIDENCE = 0;
    /** Exclusive: no probability is strictly above 1, so every box would be refused. */
    public static final double MAX_CONFIDENCE = 1;
    /** The IoU at which supervision's and torchvision's examples suppress. */
    public static final double DEFAULT_NMS_IOU = 0.5;
    public static final double MIN_NMS_IOU = 0;
    public static final double MAX_NMS_IOU = 1;

    public DetectorSettings {
        if (spec == null || spec.isBlank()) {
            throw new RegionConfigException("no detector: pass `" + KEY + "` provider[:reference]");
        }
        spec = spec.strip();
        options = Map.copyOf(options == null ? Map.of() : options);
        if (!(confidence >= MIN_CONFIDENCE && confidence < MAX_CONFIDENCE)) {
            throw new RegionConfigException("`" + CONFIDENCE_KEY + "` " + confidence + " must be in ["
                    + MIN_CONFIDENCE + ", " + MAX_CONFIDENCE + ")");
        }
        if (!(nmsIou >= MIN_NMS_IOU && nmsIou <= MAX_NMS_IOU)) {
            throw new RegionConfigException("`" + NMS_IOU_KEY + "` " + nmsIou + " must be between " + MIN_NMS_IOU
                    + " and " + MAX_NMS_IOU + " (1 keeps overlapping boxes)");
        }
    }

    /** {@code spec} with the default threshold and suppression. */
    public static DetectorSettings of(String spec) {
        return new DetectorSettings(spec, Map.of(), DEFAULT_CONFIDENCE, DEFAULT_NMS_IOU);
    }
}
