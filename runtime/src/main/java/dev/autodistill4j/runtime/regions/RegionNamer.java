package dev.autodistill4j.runtime.regions;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.progress.ProgressListener;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Crops and classifies the boxes of one image, in batches of the configured size, and decides each box's
 * output class: the top class when its probability is strictly above the confidence, else {@code unknown}
 * (kept as the extra last class, or dropped). Boxes smaller than {@code --min-size} are not classified.
 */
final class RegionNamer {
    private final ClassificationBaseModel model;
    private final RegionLabelConfig config;
    private final List<String> written;

    /** Manifest entries (one per box) and output class ids (null = dropped), aligned with the boxes. */
    record Named(List<Map<String, Object>> records, List<Integer> classIds) {
    }

    RegionNamer(ClassificationBaseModel model, RegionLabelConfig config, List<String> written) {
        this.model = model;
        this.config = config;
        this.written = written;
    }

    /**
     * Names the boxes of one image. When they take more than one model call, each finished batch is reported to
     * {@code progress} as task {@link RegionLabelRunner#BOX_TASK} (boxes of this image), so an image with
     * thousands of boxes does not look stalled.
     */
    Named name(BufferedImage image, List<RegionBox> boxes, ProgressListener progress) {
        List<int[]> rects = new ArrayList<>();
        List<Integer> toClassify = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            RegionBox b = boxes.get(i);
            rects.add(Crops.rectangle(b, config.padding(), image.getWidth(), image.getHeight()));
            if (b.width() >= config.minSize() && b.height() >= config.minSize()) {
                toClassify.add(i);
            }
        }
        Classifications[] results = new Classifications[boxes.size()];
        for (int start = 0; start < toClassify.size(); start += config.batchSize()) {
            List<Integer> chunk = toClassify.subList(start, Math.min(toClassify.size(), start + config.batchSize()));
            List<BufferedImage> crops = chunk.stream().map(i -> Crops.crop(image, rects.get(i))).toList();
            List<Classifications> out = model.predictBatch(crops, config.confidence());
            if (out.size() != crops.size()) {
                throw new Autodistill4jException("model " + model.info().spec() + " returned " + out.size()
                        + " results for " + crops.size() + " crops: the model is broken");
            }
            for (int j = 0; j < chunk.size(); j++) {
                results[chunk.get(j)] = out.get(j);
            }
            if (toClassify.size() > config.batchSize()) {
                progress.update(RegionLabelRunner.BOX_TASK, start + chunk.size(), toClassify.size());
            }
        }
        if (toClassify.size() > config.batchSize()) {
            progress.finished(RegionLabelRunner.BOX_TASK);
        }
        List<Map<String, Object>> records = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            Integer id = outputClass(results[i]);
            ids.add(id);
            records.add(record(boxes.get(i), rects.get(i), results[i], id));
        }
        return new Named(records, ids);
    }

    private Integer outputClass(Classifications c) {
        if (c != null && c.hasLabel() && finite(c)) {
            return c.classIds()[0];
        }
        return config.unknown() == UnknownBoxes.KEEP ? written.size() - 1 : null;
    }

    private static boolean finite(Classifications c) {
        for (float f : c.distribution()) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Object> record(RegionBox b, int[] rect, Classifications c, Integer id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", b.index());
        if (b.annotationId() != null) {
            m.put("annotation", b.annotationId());
        }
        m.put("bbox", List.of(b.x(), b.y(), b.width(), b.height()));
        m.put("crop", List.of(rect[0], rect[1], rect[2], rect[3]));
        m.put("originalClass", b.originalClass());
        m.put("class", id == null ? null : written.get(id));
        m.put("classId", id);
        m.put("named", c != null && id != null && c.hasLabel() && id < model.ontology().classes().size());
        m.put("dropped", id == null);
        if (c == null) {
            m.put("confidence", 0.0);
            m.put("note", "smaller than `min-size` " + config.minSize() + " px: not classified");
        } else {
            m.put("confidence", (double) (c.hasLabel() ? c.confidences()[0] : c.topConfidence()));
            m.put("top", c.topClass());
            Map<String, Double> scores = new LinkedHashMap<>();
            c.scores().forEach((k, v) -> scores.put(k, (double) v));
            m.put("scores", scores);
        }
        return m;
    }
}
