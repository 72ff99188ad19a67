package dev.autodistill4j.trainers.eval;

import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.datasets.DatasetItem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every model on the same images in one run: each model is loaded, runs over all images in batches of
 * {@link Evaluator#BATCH} (decoded as {@code evaluate} decodes them) and is closed before the next loads, so
 * memory holds one model at a time. Where truth exists its images come first, in {@code evaluate}'s order, and
 * are scored by {@link Evaluator.Tally}: a model's accuracy here is the accuracy {@code evaluate} gives it.
 */
public final class ModelComparison {
    /** One model's answer for one image. */
    public record Prediction(String topClass, double confidence) {
    }

    /** One model's run: its predictions and failures by image, speed, and scores where truth exists. */
    public record ModelRun(String spec, Map<Path, Prediction> predictions, Map<Path, String> failures,
                           double seconds, double loadSeconds, EvaluationResult evaluation) {
        /** Images per second over decoding and classification (not loading). */
        public double imagesPerSecond() {
            int n = predictions.size() + failures.size();
            return seconds <= 0 ? 0 : n / seconds;
        }
    }

    private ModelComparison() {
    }

    /**
     * @param specs  the models, in report order
     * @param loader loads one spec as a classifier (the caller's registry and ontology: {@link ComparedModel})
     * @param images the images to compare on
     * @param truth  labelled images (a subset of {@code images} or not; may be empty)
     */
    public static Comparison run(List<String> specs, Function<String, ClassificationBaseModel> loader,
                                 List<Path> images, List<DatasetItem> truth, ProgressListener progress) {
        List<Path> order = new ArrayList<>();
        truth.forEach(t -> order.add(t.image()));
        java.util.Set<Path> seen = new java.util.HashSet<>(order);
        images.forEach(p -> {
            if (seen.add(p)) {
                order.add(p);
            }
        });
        List<ModelRun> runs = new ArrayList<>();
        for (String spec : specs) {
            long t0 = System.nanoTime();
            try (ClassificationBaseModel model = loader.apply(spec)) {
                long t1 = System.nanoTime();
                runs.add(runOne(spec, model, order, truth, progress, (t1 - t0) / 1e9));
            }
        }
        return new Comparison(order, truth, runs);
    }

    private static ModelRun runOne(String spec, ClassificationBaseModel model, List<Path> order,
                                   List<DatasetItem> truth, ProgressListener progress, double loadSeconds) {
        Map<Path, Prediction> predictions = new LinkedHashMap<>();
        Map<Path, String> failures = new LinkedHashMap<>();
        String task = "compare " + spec;
        long start = System.nanoTime();
        Evaluator.classifyAll(model, order, task, progress, new Evaluator.Sink() {
            @Override
            public void predicted(int index, Classifications c) {
                predictions.put(order.get(index), new Prediction(c.topClass(), c.topConfidence()));
            }

            @Override
            public void failed(int index, String error) {
                failures.put(order.get(index), error);
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        EvaluationResult evaluation = null;
        if (!truth.isEmpty()) {
            Evaluator.Tally tally = new Evaluator.Tally(model.ontology().classes(), truth);
            for (DatasetItem t : truth) {
                Prediction p = predictions.get(t.image());
                if (p != null) {
                    tally.add(t, p.topClass(), p.confidence());
                } else {
                    tally.fail(t, failures.getOrDefault(t.image(), "not classified"));
                }
            }
            evaluation = tally.result();
        }
        return new ModelRun(spec, predictions, failures, seconds, loadSeconds, evaluation);
    }
}
