package dev.autodistill4j.trainers.eval;

import dev.autodistill4j.datasets.DatasetItem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The result of {@link ModelComparison#run}: every model's run on the same images, the agreement between each
 * pair of models, and the images in the order a person should look at them — those where the models disagree
 * first (most different answers first), then those where all agree.
 *
 * @param images the images, truth first
 * @param truth  labelled images (may be empty)
 * @param runs   one per model, in the order given
 */
public record Comparison(List<Path> images, List<DatasetItem> truth, List<ModelComparison.ModelRun> runs) {

    /** Truth class of each labelled image. */
    public Map<Path, String> truthByImage() {
        Map<Path, String> m = new HashMap<>();
        truth.forEach(t -> m.put(t.image(), t.label()));
        return m;
    }

    /** Share of the images both models classified on which they give the same top class (1 for a model itself). */
    public double agreement(ModelComparison.ModelRun a, ModelComparison.ModelRun b) {
        int both = 0;
        int same = 0;
        for (Map.Entry<Path, ModelComparison.Prediction> e : a.predictions().entrySet()) {
            ModelComparison.Prediction other = b.predictions().get(e.getKey());
            if (other != null) {
                both++;
                if (other.topClass().equals(e.getValue().topClass())) {
                    same++;
                }
            }
        }
        return both == 0 ? 0 : (double) same / both;
    }

    /** Model spec → (other spec → agreement), in model order. */
    public Map<String, Map<String, Double>> agreementMatrix() {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        for (ModelComparison.ModelRun a : runs) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (ModelComparison.ModelRun b : runs) {
                row.put(b.spec(), agreement(a, b));
            }
            m.put(a.spec(), row);
        }
        return m;
    }

    /** How many different top classes the models gave an image (0 when none classified it). */
    public int distinctAnswers(Path image) {
        Set<String> classes = new HashSet<>();
        for (ModelComparison.ModelRun r : runs) {
            ModelComparison.Prediction p = r.predictions().get(image);
            if (p != null) {
                classes.add(p.topClass());
            }
        }
        return classes.size();
    }

    /** Images where the models disagree first (more distinct answers first, then a wrong majority), then the rest. */
    public List<Path> disagreementsFirst() {
        Map<Path, String> truthByImage = truthByImage();
        List<Path> out = new ArrayList<>(images);
        out.sort(Comparator.comparingInt((Path p) -> -distinctAnswers(p))
                .thenComparingInt(p -> -wrong(p, truthByImage.get(p)))
                .thenComparing(Path::toString));
        return out;
    }

    /** How many models got a labelled image wrong (0 without truth). */
    private int wrong(Path image, String truthClass) {
        int n = 0;
        for (ModelComparison.ModelRun r : runs) {
            ModelComparison.Prediction p = r.predictions().get(image);
            if (truthClass != null && p != null && !Objects.equals(p.topClass(), truthClass)) {
                n++;
            }
        }
        return n;
    }

    /** Images on which not all models agree. */
    public int disagreements() {
        return (int) images.stream().filter(p -> distinctAnswers(p) > 1).count();
    }
}
