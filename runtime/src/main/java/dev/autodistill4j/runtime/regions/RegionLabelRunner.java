package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.datasets.OutputLock;
import dev.autodistill4j.datasets.OutputFiles;
import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.datasets.PathNames;
import dev.autodistill4j.datasets.SourceKey;
import dev.autodistill4j.runtime.image.ImageDecodeException;
import dev.autodistill4j.runtime.image.ImageDecoder;
import dev.autodistill4j.runtime.image.ImageDecoderFactory;
import dev.autodistill4j.runtime.image.ImageLimits;
import dev.autodistill4j.api.model.BaseModel;
import dev.autodistill4j.api.model.BaseModels;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.DetectionModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.runtime.models.BaseModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code label-regions}: names every box of a detection dataset (YOLO or COCO) with the ontology's classes —
 * autodistill's {@code ComposedDetectionModel} when the boxes are already there — or every box a detector
 * finds ({@code detector}: a {@link DetectionModel} + this classifier is that {@code ComposedDetectionModel};
 * where the boxes come from is a {@link BoxSource}). Each box is cropped (with
 * padding, clipped to the image), classified, and the boxes are written back in the input format with the new
 * classes; coordinates from files are copied, never recomputed (a detector's are written once, canonically, as
 * YOLO). One manifest line per image holds every box's scores.
 *
 * <p>Resumable like {@code label}: a line is appended (and its YOLO file renamed into place) per image, and a
 * re-run with the same settings skips the images its manifest lists. Malformed box files and unreadable images
 * are errors of that file in the manifest; the run goes on.
 */
public final class RegionLabelRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RegionLabelRunner.class);
    public static final String TASK = "label-regions";
    /** Progress within one image whose boxes take more than one crop batch: boxes named of that image's. */
    public static final String BOX_TASK = "label-regions boxes";
    public static final String CLASSES_FILE = YoloBoxes.CLASSES_FILE;
    public static final String DATA_YAML = "data.yaml";

    private final BaseModelRegistry registry;
    private final ImageDecoderFactory decoders;
    private final ProgressListener progress;

    public RegionLabelRunner(BaseModelRegistry registry) {
        this(registry, ImageDecoderFactory.STANDARD, ProgressListener.NONE);
    }

    /** What {@code Autodistill4jModule} builds: registry, decoder factory and default progress are bindings. */
    @jakarta.inject.Inject
    public RegionLabelRunner(BaseModelRegistry registry, ImageDecoderFactory decoders, ProgressListener progress) {
        this.registry = registry;
        this.decoders = decoders;
        this.progress = ProgressListener.orNone(progress);
    }

    /** Loads the model, names the boxes, closes the model; progress goes to the bound listener. */
    public RegionSummary run(RegionLabelConfig config) {
        return run(config, progress);
    }

    /** Loads the model for the configured ontology, names the boxes, closes the model. */
    public RegionSummary run(RegionLabelConfig config, ProgressListener progress) {
        RegionOutputFolder.check(config.output());
        ModelRequest request = new ModelRequest(null, config.ontology(), config.device(), config.modelOptions());
        try (BaseModel model = registry.load(config.model(), request)) {
            return run(config, BaseModels.classifier(model), progress);
        }
    }

    /**
     * Names the boxes with a model the caller owns; its ontology decides the classes. With a {@code detector}
     * setting, the detector is loaded through the registry (and closed afterwards) to find the boxes.
     */
    public RegionSummary run(RegionLabelConfig config, ClassificationBaseModel model, ProgressListener progress) {
        DetectorSettings settings = config.detector();
        if (settings == null) {
            return run(config, model, new FileBoxes(config), progress);
        }
        RegionOutputFolder.check(config.output());
        try (DetectionModel detector = registry.detector(settings.spec(),
                new ModelRequest(null, null, config.device(), settings.options()))) {
            return run(config, model, detector, progress);
        }
    }

    /**
     * Names the boxes {@code detector} (the caller's) finds with {@code model} (the caller's): the runtime keeps
     * the boxes above the {@code box-confidence}, suppresses overlaps ({@code nms-iou}), and names each kept box
     * as it names boxes read from files ({@link DetectorBoxes}); the config must carry {@code detector} settings.
     */
    public RegionSummary run(RegionLabelConfig config, ClassificationBaseModel model, DetectionModel detector,
                             ProgressListener progress) {
        if (config.detector() == null) {
            throw new RegionConfigException("a detector was passed but the settings take the boxes from `boxes` "
                    + config.boxes() + ": set `detector` (its threshold and suppression) instead of `boxes`");
        }
        return run(config, model, new DetectorBoxes(detector, config.detector()), progress);
    }

    /**
     * The output folder is locked for the whole run ({@link OutputLock}), so a second run on it fails at once
     * naming this one.
     */
    @SuppressWarnings("try") // the lock is held for the block and never read
    private RegionSummary run(RegionLabelConfig config, ClassificationBaseModel model, BoxSource source,
                              ProgressListener progress) {
        try (OutputLock lock = RegionOutputFolder.lock(config.output())) {
            return runLocked(config, model, source, ProgressListener.orNone(progress));
        }
    }

    private RegionSummary runLocked(RegionLabelConfig config, ClassificationBaseModel model, BoxSource source,
                                    ProgressListener progress) {
        List<String> classes = model.ontology().classes();
        List<String> written = new ArrayList<>(classes);
        if (config.unknown() == UnknownBoxes.KEEP) {
            written.add(UnknownBoxes.CLASS_NAME);
        }
        Map<String, Object> record = runRecord(config, source, model.info(), written);
        Path out = config.output();
        List<String> ownFiles = new ArrayList<>(List.of(CLASSES_FILE, DATA_YAML));
        ownFiles.addAll(source.ownFiles());
        RegionOutputFolder.prepare(config, record, ownFiles);
        if (config.format() == BoxFormat.YOLO) {
            writeYoloClasses(out, written, config.images());
        }
        Path manifestFile = out.resolve(RegionManifest.FILE_NAME);
        Set<String> done = new HashSet<>();
        for (Map<String, Object> r : RegionManifest.read(manifestFile)) {
            done.add(String.valueOf(r.get("key")));
        }
        List<RegionWork> plan = source.plan(config);
        int resumed = (int) plan.stream().filter(w -> done.contains(w.key())).count();
        ImageDecoder decoder = decoders.create(ImageLimits.defaults());
        RegionNamer namer = new RegionNamer(model, config, written);
        long count = resumed;
        progress.update(TASK, count, plan.size());
        try (RegionManifest manifest = RegionManifest.openForAppend(manifestFile)) {
            for (RegionWork w : plan) {
                if (done.contains(w.key())) {
                    continue;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new Autodistill4jException("label-regions was interrupted after " + count + " of "
                            + plan.size() + "; run the same command again to resume");
                }
                manifest.append(process(w, decoder, namer, out, progress));
                progress.update(TASK, ++count, plan.size());
            }
        } finally {
            progress.finished(TASK);
        }
        List<Map<String, Object>> all = RegionManifest.read(manifestFile);
        source.finish(written, all, out);
        RegionSummary summary = RegionTally.summarise(out.toString(), all, resumed);
        record.put("status", "complete");
        record.put("finished", Instant.now().toString());
        record.put("summary", Map.of("images", summary.images(), "boxes", summary.boxes(), "named", summary.named(),
                "unknown", summary.unknown(), "dropped", summary.dropped(), "skipped", summary.skipped(),
                "failed", summary.failed()));
        RegionOutputFolder.write(out.resolve(RegionOutputFolder.RUN_FILE), record);
        return summary;
    }

    private Map<String, Object> process(RegionWork w, ImageDecoder decoder, RegionNamer namer, Path out,
                                        ProgressListener progress) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("key", w.key());
        r.put("image", w.image() == null ? null : SourceKey.of(w.image())); // the path; escaped if not text
        r.put("boxesFile", w.boxesFile() == null ? null : w.boxesFile().toString());
        if (w.error() != null) {
            return error(r, w.error());
        }
        Path labelFile = null;
        if (w.outputFile() != null) {
            try {
                labelFile = RegionOutputFolder.labelFile(out, w.outputFile(), w.image());
            } catch (RegionConfigException e) {
                return error(r, e.getMessage());
            }
        }
        BufferedImage image;
        try {
            r.put("sha256", sha256(w.image()));
            image = decoder.decode(w.image());
        } catch (ImageDecodeException | IOException e) {
            return error(r, e.getMessage());
        }
        LoadedBoxes loaded;
        try {
            loaded = w.loader().load(image);
        } catch (BoxFileException e) {
            return error(r, e.getMessage());
        }
        List<RegionBox> boxes = loaded.boxes();
        loaded.skipped().forEach(m -> LOG.warn("label-regions: skipped {}", m));
        RegionNamer.Named named = namer.name(image, boxes, progress);
        r.put("boxes", named.records());
        if (loaded.detection() != null) {
            r.put("detection", loaded.detection());
        }
        if (!loaded.skipped().isEmpty()) {
            r.put("skipped", loaded.skipped());
        }
        if (labelFile != null) {
            writeAtomically(out, labelFile, YoloBoxes.format(boxes, named.classIds()));
            r.put("output", PathNames.join(w.outputFile()));
        }
        return r;
    }

    private static Map<String, Object> error(Map<String, Object> r, String message) {
        LOG.warn("label-regions: {}", message);
        r.put("error", message);
        return r;
    }

    private static void writeYoloClasses(Path out, List<String> written, Path images) {
        StringBuilder yaml = new StringBuilder("# written by autodistill4j label-regions\n");
        yaml.append("path: ").append(quote(images.toString())).append('\n');
        yaml.append("nc: ").append(written.size()).append('\n').append("names:\n");
        for (int i = 0; i < written.size(); i++) {
            yaml.append("  ").append(i).append(": ").append(quote(written.get(i))).append('\n');
        }
        writeAtomically(out.resolve(CLASSES_FILE), String.join("\n", written) + "\n");
        writeAtomically(out.resolve(DATA_YAML), yaml.toString());
    }

    /** A YAML double-quoted scalar (JSON string escaping is valid YAML). */
    private static String quote(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code file} whole ({@link OutputFiles#replace}: never through a link), its folder created. */
    static void writeAtomically(Path file, String text) {
        writeAtomically(file.getParent(), file, text);
    }

    /** Writes {@code file} whole, its folders below {@code root} real ones (never a link such as labels/). */
    static void writeAtomically(Path root, Path file, String text) {
        try {
            OutputFiles.createFolders(root, file.getParent());
            OutputFiles.replace(file, text.getBytes(StandardCharsets.UTF_8)); // its folders: createFolders
        } catch (IOException e) {
            throw new RegionConfigException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> runRecord(RegionLabelConfig config, BoxSource source, ModelInfo info,
                                                 List<String> written) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", RegionOutputFolder.TOOL);
        m.put("status", "running");
        m.put("started", Instant.now().toString());
        m.put("images", config.images().toString());
        source.describe(m);
        m.put("output", config.output().toString());
        m.put("model", info.spec());
        m.put("checkpointSha256", info.checkpointSha256());
        m.put("modelOptions", new java.util.TreeMap<>(config.modelOptions()));
        m.put("modelInfo", Map.of("provider", info.provider(), "license", String.valueOf(info.license()),
                "details", info.details()));
        m.put("ontology", config.ontology().describe());
        m.put("classes", written);
        m.put("padding", config.padding());
        m.put("minSize", config.minSize());
        m.put("confidence", config.confidence());
        m.put("unknown", config.unknown().name().toLowerCase(Locale.ROOT));
        m.put("batchSize", config.batchSize());
        return m;
    }
}
