package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.api.model.Device;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.api.ontology.Ontology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every {@code label-regions} setting, validated once in {@link Builder#build()}.
 *
 * @param padding    fraction of the box width/height added on each side before cropping (0 = tight)
 * @param minSize    boxes narrower or lower than this many pixels are not classified (they count as unknown)
 * @param boxes      the YOLO folder or COCO file the boxes come from; null when a {@code detector} finds them
 * @param format     the format of {@code boxes} (YOLO for a detector: its boxes are written as YOLO labels)
 * @param confidence a box is named when its top class probability is strictly above this
 * @param detector   the detector that finds the boxes, its threshold and suppression; null for {@code boxes}
 */
public record RegionLabelConfig(String model, Map<String, String> modelOptions, Device device, Ontology ontology,
                                Path images, Path boxes, BoxFormat format, Path output, double padding, int minSize,
                                double confidence, UnknownBoxes unknown, int batchSize, boolean overwrite,
                                DetectorSettings detector) {
    public RegionLabelConfig {
        modelOptions = Map.copyOf(modelOptions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable collector; {@link #build()} checks every value and names the option. */
    public static final class Builder {
        private String model = "metaclip";
        private final Map<String, String> modelOptions = new LinkedHashMap<>();
        private Device device;
        private Ontology ontology;
        private Path images;
        private Path boxes;
        private Path output;
        private double padding = 0.1;
        private int minSize = 8;
        private double confidence = LabelConfig.DEFAULT_CONFIDENCE;
        private UnknownBoxes unknown = UnknownBoxes.KEEP;
        private int batchSize = 32;
        private boolean overwrite;
        private DetectorSettings detector;

        private Builder() {
        }

        public Builder model(String v) { model = v; return this; }
        public Builder modelOptions(Map<String, String> v) { modelOptions.putAll(v); return this; }
        public Builder device(Device v) { device = v; return this; }
        public Builder ontology(Ontology v) { ontology = v; return this; }
        public Builder images(Path v) { images = v; return this; }
        public Builder boxes(Path v) { boxes = v; return this; }
        public Builder output(Path v) { output = v; return this; }
        public Builder padding(double v) { padding = v; return this; }
        public Builder minSize(int v) { minSize = v; return this; }
        public Builder confidence(double v) { confidence = v; return this; }
        public Builder unknown(UnknownBoxes v) { unknown = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder overwrite(boolean v) { overwrite = v; return this; }
        /** Boxes from this detector instead of {@link #boxes}: exactly one of the two is given. */
        public Builder detector(DetectorSettings v) { detector = v; return this; }

        public RegionLabelConfig build() {
            if (model == null || model.isBlank()) {
                throw new RegionConfigException("no model: pass `model` provider[:reference]");
            }
            if (ontology == null) {
                throw new RegionConfigException("no ontology: pass `ontology` FILE.yaml");
            }
            if (unknown == UnknownBoxes.KEEP && ontology.classes().contains(UnknownBoxes.CLASS_NAME)) {
                throw new RegionConfigException("the ontology has a class named 'unknown', which `unknown` keep "
                        + "uses for boxes below the confidence: rename that class or pass `unknown` drop");
            }
            if (images == null || !Files.isDirectory(images)) {
                throw new RegionConfigException("`images` " + images + " is not a folder of images");
            }
            if (boxes != null && detector != null) {
                throw new RegionConfigException("both `boxes` and `detector` were given: the boxes come either from "
                        + "files (`boxes` DIR or FILE.json) or from a detector (`detector` provider[:reference]), "
                        + "not both");
            }
            if (boxes == null && detector == null) {
                throw new RegionConfigException("no boxes: give `boxes` (a folder of YOLO .txt files or a COCO .json "
                        + "file) or `detector` (a detection model as provider[:reference]) to find them");
            }
            if (detector == null && !Files.exists(boxes)) {
                throw new RegionConfigException("`boxes` " + boxes + " does not exist: give a folder of YOLO .txt "
                        + "files or a COCO .json file");
            }
            if (output == null) {
                throw new RegionConfigException("no output folder: pass `output` DIR");
            }
            if (!(padding >= 0 && padding <= 2)) {
                throw new RegionConfigException("`padding` " + padding + " must be between 0 and 2 (a fraction of "
                        + "the box size added on each side)");
            }
            if (minSize < 1) {
                throw new RegionConfigException("`min-size` " + minSize + " must be at least 1 pixel");
            }
            if (!(confidence >= LabelConfig.MIN_CONFIDENCE && confidence < LabelConfig.MAX_CONFIDENCE)) {
                throw new RegionConfigException("`confidence` " + confidence + " must be in [0, 1)");
            }
            if (batchSize < 1 || batchSize > 4096) {
                throw new RegionConfigException("`batch` " + batchSize + " must be between 1 and 4096");
            }
            Path in = images.toAbsolutePath().normalize();
            Path bx = boxes == null ? null : boxes.toAbsolutePath().normalize();
            Path out = output.toAbsolutePath().normalize();
            if (in.startsWith(out) || out.equals(in) || bx != null && (bx.startsWith(out) || out.startsWith(bx))) {
                throw new RegionConfigException("`output` " + out + " overlaps `images` or `boxes`: choose an "
                        + "output folder of its own (inputs are never modified)");
            }
            return new RegionLabelConfig(model.strip(), modelOptions, device, ontology, in, bx,
                    bx == null ? BoxFormat.YOLO : BoxFormat.detect(bx), out, padding, minSize, confidence, unknown,
                    batchSize, overwrite, detector);
        }
    }
}
