package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.Detection;
import dev.autodistill4j.api.model.DetectionModel;
import dev.autodistill4j.api.model.DetectionRequest;
import dev.autodistill4j.api.model.Detections;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.datasets.PathNames;
import dev.autodistill4j.runtime.image.ImageFiles;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Boxes from a {@link DetectionModel} run on each image ({@code detector}): the detector gives evidence, the
 * runtime decides. Each raw box is clipped to its image, kept when its top class probability is strictly above
 * {@link DetectorSettings#confidence()}, and the survivors go through class-agnostic
 * {@link NonMaxSuppression}; the kept boxes are then named by the classification model like boxes read from
 * files and written as YOLO labels. The detector's own class and scores of each kept box are in the manifest
 * ({@code detection}), its top class as the box's {@code originalClass}.
 */
final class DetectorBoxes implements BoxSource {
    private final DetectionModel detector;
    private final DetectorSettings settings;

    DetectorBoxes(DetectionModel detector, DetectorSettings settings) {
        this.detector = detector;
        this.settings = settings;
    }

    @Override
    public List<RegionWork> plan(RegionLabelConfig config) {
        List<RegionWork> work = new ArrayList<>();
        for (Path img : ImageFiles.walk(config.images())) {
            Path out = Path.of(RegionWork.LABELS).resolve(PathNames.withExtension(config.images().relativize(img),
                    ".txt"));
            work.add(new RegionWork(img, null, null, this::detect, out));
        }
        return work;
    }

    @Override
    public void describe(Map<String, Object> record) {
        ModelInfo info = detector.info();
        record.put("boxes", null);
        record.put("format", "yolo");
        record.put("detector", info.spec());
        record.put("detectorOptions", new TreeMap<>(settings.options()));
        record.put("detectorCheckpointSha256", info.checkpointSha256());
        record.put("detectorInfo", Map.of("provider", info.provider(), "license", String.valueOf(info.license()),
                "details", info.details(), "classes", detector.ontology().classes()));
        record.put("boxConfidence", settings.confidence());
        record.put("nmsIou", settings.nmsIou());
    }

    @Override
    public List<String> ownFiles() {
        return List.of();
    }

    @Override
    public void finish(List<String> written, List<Map<String, Object>> records, Path out) {
        // YOLO labels are written per image
    }

    /** The kept boxes of one image, with what was decided about the rest under {@code detection}. */
    LoadedBoxes detect(BufferedImage image) {
        List<Detections> found = detector.detect(new DetectionRequest(List.of(image)));
        if (found == null || found.size() != 1) {
            throw new Autodistill4jException("detector " + detector.info().spec() + " returned "
                    + (found == null ? "nothing" : found.size() + " results") + " for 1 image: the detector is broken");
        }
        List<String> classes = detector.ontology().classes();
        List<NonMaxSuppression.Box> candidates = new ArrayList<>();
        List<Detection> sources = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        int outside = 0;
        int below = 0;
        for (Detection d : found.get(0).boxes()) {
            float[] p = d.distribution();
            if (p.length != classes.size() || p.length == 0) {
                throw new Autodistill4jException("detector " + detector.info().spec() + " gave a box " + p.length
                        + " class scores for its " + classes.size() + " classes: the detector is broken");
            }
            NonMaxSuppression.Box clipped = clip(d, image.getWidth(), image.getHeight());
            if (clipped == null) {
                outside++;
            } else if (p[top(p)] > settings.confidence()) {
                candidates.add(clipped);
                sources.add(d);
                scores.add((double) p[top(p)]);
            } else {
                below++;
            }
        }
        List<Integer> kept = NonMaxSuppression.keep(candidates,
                scores.stream().mapToDouble(Double::doubleValue).toArray(), settings.nmsIou());
        List<RegionBox> boxes = new ArrayList<>();
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (int k : kept) {
            float[] p = sources.get(k).distribution();
            boxes.add(regionBox(boxes.size(), candidates.get(k), top(p), image.getWidth(), image.getHeight()));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("class", classes.get(top(p)));
            e.put("confidence", (double) p[top(p)]);
            Map<String, Double> all = new LinkedHashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                all.put(classes.get(c), (double) p[c]);
            }
            e.put("scores", all);
            evidence.add(e);
        }
        Map<String, Object> detection = new LinkedHashMap<>();
        detection.put("found", found.get(0).boxes().size());
        detection.put("outside", outside);
        detection.put("belowConfidence", below);
        detection.put("suppressed", candidates.size() - kept.size());
        detection.put("kept", evidence);
        return new LoadedBoxes(boxes, List.of(), detection);
    }

    /** The part of {@code d} inside the image, or null when none of it is. */
    private static NonMaxSuppression.Box clip(Detection d, int width, int height) {
        double x0 = Math.max(0, d.x());
        double y0 = Math.max(0, d.y());
        double x1 = Math.min(width, d.x() + d.width());
        double y1 = Math.min(height, d.y() + d.height());
        return x1 > x0 && y1 > y0 ? new NonMaxSuppression.Box(x0, y0, x1 - x0, y1 - y0) : null;
    }

    /** The box in pixels and as the YOLO line's four normalised coordinates, canonically spelled. */
    private static RegionBox regionBox(int index, NonMaxSuppression.Box b, int detectorClass, int width, int height) {
        List<String> tokens = List.of(YoloNumbers.canonical((b.x() + b.width() / 2) / width),
                YoloNumbers.canonical((b.y() + b.height() / 2) / height),
                YoloNumbers.canonical(b.width() / width), YoloNumbers.canonical(b.height() / height));
        return new RegionBox(index, b.x(), b.y(), b.width(), b.height(), detectorClass, tokens, null);
    }

    private static int top(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
