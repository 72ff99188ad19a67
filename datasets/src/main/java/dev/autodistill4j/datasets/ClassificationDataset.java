package dev.autodistill4j.datasets;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A classification dataset as read from disk: class names (sorted, the order trainers use for class ids) and
 * the items of each split. Splits absent on disk map to an empty list.
 */
public record ClassificationDataset(Path root, List<String> classes, Map<Split, List<DatasetItem>> items) {
    public ClassificationDataset {
        classes = List.copyOf(classes);
        EnumMap<Split, List<DatasetItem>> copy = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            copy.put(s, List.copyOf(items.getOrDefault(s, List.of())));
        }
        items = Map.copyOf(copy);
    }

    public List<DatasetItem> split(Split split) {
        return items.get(split);
    }
}
