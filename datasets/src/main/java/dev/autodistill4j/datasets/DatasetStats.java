package dev.autodistill4j.datasets;

import dev.autodistill4j.datasets.review.ReviewedManifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of a dataset: images per split and class, plus, for label() output, the unlabeled and unreadable
 * images its manifest lists.
 *
 * @param root       dataset root
 * @param classes    class names, sorted
 * @param perSplit   split folder name → class → count (every class present, zeros included)
 * @param perClass   class → count over all splits
 * @param total      labelled images in all splits
 * @param unlabeled  images in {@code unlabeled/} (label() output), else 0
 * @param errors     manifest records with an error (label() output), else 0
 */
public record DatasetStats(Path root, List<String> classes, Map<String, Map<String, Integer>> perSplit,
                           Map<String, Integer> perClass, int total, int unlabeled, int errors) {

    /** Stats of a dataset folder; label() output whose images are all unlabeled gives zero counts, not an error. */
    public static DatasetStats of(Path root) {
        return of(DatasetReader.read(root, Files.exists(root.resolve(Manifest.FILE_NAME))));
    }

    public static DatasetStats of(ClassificationDataset dataset) {
        Map<String, Map<String, Integer>> perSplit = new LinkedHashMap<>();
        Map<String, Integer> perClass = new TreeMap<>();
        dataset.classes().forEach(c -> perClass.put(c, 0));
        int total = 0;
        for (Split s : Split.values()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            dataset.classes().forEach(c -> counts.put(c, 0));
            for (DatasetItem item : dataset.split(s)) {
                counts.merge(item.label(), 1, Integer::sum);
                perClass.merge(item.label(), 1, Integer::sum);
                total++;
            }
            perSplit.put(s.folderName(), counts);
        }
        int unlabeled = 0;
        int errors = 0;
        Path manifest = dataset.root().resolve(Manifest.FILE_NAME);
        if (Files.exists(manifest)) {
            for (ManifestRecord r : ReviewedManifest.records(dataset.root())) { // with people's corrections
                if (r.isError()) {
                    errors++;
                } else if (r.isUnlabeled()) {
                    unlabeled++;
                }
            }
        }
        return new DatasetStats(dataset.root(), dataset.classes(), perSplit, perClass, total, unlabeled, errors);
    }

    /** Split folder name → number of images. */
    public Map<String, Integer> splitTotals() {
        Map<String, Integer> m = new LinkedHashMap<>();
        perSplit.forEach((s, counts) -> m.put(s, counts.values().stream().mapToInt(Integer::intValue).sum()));
        return m;
    }
}
