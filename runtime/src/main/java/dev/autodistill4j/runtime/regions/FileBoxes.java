package dev.autodistill4j.runtime.regions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Boxes that already exist: a YOLO label folder or a COCO JSON file ({@code boxes}), written back in the same
 * format with the new classes — autodistill's {@code ComposedDetectionModel} with given boxes.
 */
final class FileBoxes implements BoxSource {
    private static final Logger LOG = LoggerFactory.getLogger(FileBoxes.class);

    private final RegionLabelConfig config;

    FileBoxes(RegionLabelConfig config) {
        this.config = config;
    }

    @Override
    public List<RegionWork> plan(RegionLabelConfig c) {
        return RegionWork.plan(c);
    }

    @Override
    public void describe(Map<String, Object> record) {
        record.put("boxes", config.boxes().toString());
        record.put("format", config.format().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public List<String> ownFiles() {
        return List.of(config.boxes().getFileName().toString());
    }

    @Override
    public void finish(List<String> written, List<Map<String, Object>> all, Path out) {
        if (config.format() != BoxFormat.COCO || !Files.isRegularFile(config.boxes())) {
            return;
        }
        Map<Long, CocoBoxes.Named> named = new LinkedHashMap<>();
        for (Map<String, Object> r : all) {
            if (r.get("boxes") instanceof List<?> boxes) {
                for (Object o : boxes) {
                    Map<?, ?> b = (Map<?, ?>) o;
                    if (b.get("annotation") instanceof Number a && b.get("classId") instanceof Number c) {
                        named.put(a.longValue(), new CocoBoxes.Named(c.intValue(),
                                ((Number) b.get("confidence")).doubleValue()));
                    }
                }
            }
        }
        try {
            CocoBoxes.write(config.boxes(), out.resolve(config.boxes().getFileName().toString()), written, named);
        } catch (BoxFileException e) {
            LOG.warn("label-regions: no COCO output, the input cannot be read: {}", e.getMessage()); // in the manifest
        }
    }
}
