package dev.autodistill4j.cli.commands;

import jakarta.inject.Provider;
import jakarta.inject.Inject;
import dev.autodistill4j.cli.support.NumericOptions;
import dev.autodistill4j.runtime.label.LabelConfig;
import dev.autodistill4j.runtime.ontology.OntologyLoader;
import dev.autodistill4j.runtime.regions.DetectorSettings;
import dev.autodistill4j.runtime.regions.RegionLabelConfig;
import dev.autodistill4j.runtime.regions.RegionLabelRunner;
import dev.autodistill4j.runtime.regions.RegionSummary;
import dev.autodistill4j.runtime.regions.UnknownBoxes;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import dev.autodistill4j.cli.CliCommand;
import dev.autodistill4j.cli.support.ConsoleProgress;
import dev.autodistill4j.cli.support.JsonLines;
import dev.autodistill4j.cli.support.ModelOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code label-regions}: names the boxes of a detection dataset (YOLO label folder or COCO JSON), or the boxes a
 * detector finds, with the ontology's classes, writing them back in the same format (YOLO for a detector). Progress and the summary go to stderr, the
 * summary as one JSON line to stdout.
 */
@Command(name = "label-regions", mixinStandardHelpOptions = true,
        description = {"Crop every box of a YOLO label folder or COCO JSON, classify the crops into the ontology's "
                + "classes and write the boxes back in the same format with the new classes, plus regions.jsonl "
                + "(all scores per box) and run.json.",
                "With --detector instead of --boxes, a detection model finds the boxes (kept above --box-confidence, "
                + "overlaps suppressed at --nms-iou) and the classifier names each one: YOLO labels out.",
                "An existing output folder is resumed; --overwrite starts afresh (deleting only what it wrote)."})
public final class LabelRegionsCommand implements CliCommand {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = {"-o", "--ontology"}, required = true, paramLabel = "FILE.yaml",
            description = "Ontology: prompt: class mapping or a classes: ontology (prompts, example images, vectors).")
    Path ontology;

    @Option(names = {"-i", "--images"}, required = true, paramLabel = "DIR", description = "Folder of the images.")
    Path images;

    @Option(names = "--boxes", paramLabel = "DIR|FILE.json",
            description = "YOLO label folder (<image-stem>.txt) or COCO detection JSON (or give --detector).")
    Path boxes;

    @Option(names = "--detector", paramLabel = "PROVIDER[:REF]",
            description = "Find the boxes with this detection model instead of reading --boxes; they are written as "
                    + "YOLO labels (see `models`).")
    String detector;

    @Option(names = "--detector-option", paramLabel = "KEY=VALUE",
            description = "Provider-specific option of the --detector, repeatable.")
    Map<String, String> detectorOptions = new LinkedHashMap<>();

    @Option(names = "--box-confidence", converter = NumericOptions.BoxConfidence.class,
            description = "With --detector: keep a box when its top detector class probability is > this (default: "
                    + DetectorSettings.DEFAULT_CONFIDENCE + ").")
    Double boxConfidence;

    @Option(names = "--nms-iou", converter = NumericOptions.NmsIou.class,
            description = "With --detector: suppress a box that overlaps a higher-scoring kept box by more than this "
                    + "IoU, whatever their classes (default: " + DetectorSettings.DEFAULT_NMS_IOU + "; 1 keeps all).")
    Double nmsIou;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder to create or resume.")
    Path output;

    @Option(names = "--padding", converter = NumericOptions.Padding.class, defaultValue = "0.1",
            description = "Fraction of the box size added on each side before cropping (default: ${DEFAULT-VALUE}, for "
                    + "tight detector boxes; 0 for boxes that already hold a margin, e.g. pasted images).")
    double padding;

    @Option(names = "--min-size", converter = NumericOptions.NonNegative.class, defaultValue = "8",
            description = "Boxes narrower or lower than this many pixels are not classified (default: ${DEFAULT-VALUE}).")
    int minSize;

    @Option(names = {"-c", "--confidence"}, converter = NumericOptions.LabelConfidence.class,
            defaultValue = "" + LabelConfig.DEFAULT_CONFIDENCE,
            description = "A box gets a class when its probability is > this (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--unknown", defaultValue = "keep", paramLabel = "keep|drop",
            description = "Boxes below the confidence: keep them as class 'unknown' or drop them (default: ${DEFAULT-VALUE}).")
    String unknown;

    @Option(names = "--batch", converter = NumericOptions.Batch.class, defaultValue = "32", description = "Crops per model call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--overwrite", description = "Replace a previous label-regions output in --output.")
    boolean overwrite;

    @Inject
    Provider<RegionLabelRunner> runner;

    @Override
    public Integer call() {
        if (detector == null && (boxConfidence != null || nmsIou != null || !detectorOptions.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "--box-confidence, --nms-iou and --detector-option "
                    + "apply to the boxes a --detector finds: give --detector, or leave them out with --boxes");
        }
        RegionLabelConfig config = RegionLabelConfig.builder()
                .model(model.spec()).device(model.device()).modelOptions(model.options())
                .ontology(OntologyLoader.loadAny(ontology))
                .images(images).boxes(boxes).output(output)
                .padding(padding).minSize(minSize).confidence(confidence).unknown(UnknownBoxes.parse(unknown))
                .batchSize(batch).overwrite(overwrite).detector(detectorSettings())
                .build();
        PrintWriter err = spec.commandLine().getErr();
        RegionSummary summary = runner.get().run(config, ConsoleProgress.on(err));
        summary.describe().forEach(err::println);
        err.flush();
        new JsonLines(spec.commandLine().getOut()).write(summary);
        return summary.failed() == 0 && summary.skipped() == 0 ? 0 : 1;
    }

    private DetectorSettings detectorSettings() {
        return detector == null ? null : new DetectorSettings(detector, detectorOptions,
                boxConfidence != null ? boxConfidence : DetectorSettings.DEFAULT_CONFIDENCE,
                nmsIou != null ? nmsIou : DetectorSettings.DEFAULT_NMS_IOU);
    }
}
