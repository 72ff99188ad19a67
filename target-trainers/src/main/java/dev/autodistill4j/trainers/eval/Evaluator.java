package dev.autodistill4j.trainers.eval;

import dev.autodistill4j.api.Autodistill4jException;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.Classifications;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.datasets.ClassificationDataset;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.Split;
import dev.autodistill4j.trainers.data.TrainingDataException;
import dev.autodistill4j.trainers.data.ImageFolderReader;
import dev.autodistill4j.trainers.data.Images;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores a classifier against folder-name truth. An image that cannot be read becomes a per-file failure entry
 * and the rest are still scored: one bad file must not cost the whole evaluation.
 */
public final class Evaluator {
    /** Images per model call, in {@code evaluate} and {@code compare} alike. */
    public static final int BATCH = 32;

    private Evaluator() {
    }

    /** The labelled images of {@code data}: a dataset's {@code test} split, or a folder of class folders. */
    public static List<DatasetItem> truth(Path data) {
        if (ImageFolderReader.hasSplitFolders(data)) {
            ClassificationDataset ds = ImageFolderReader.read(data);
            if (ds.split(Split.TEST).isEmpty()) {
                throw new TrainingDataException("dataset " + data + " has no test/ split to evaluate on: give `data` "
                        + "its test folder, or any folder with one sub-folder per class");
            }
            return ds.split(Split.TEST);
        }
        return ImageFolderReader.readTruthFolder(data).split(Split.TEST);
    }

    public static EvaluationResult evaluate(ClassificationBaseModel model, Path data, ProgressListener progress) {
        return evaluate(model, truth(data), progress);
    }

    public static EvaluationResult evaluate(ClassificationBaseModel model, List<DatasetItem> items,
                                            ProgressListener progress) {
        progress = ProgressListener.orNone(progress);
        Tally tally = new Tally(model.ontology().classes(), items);
        classifyAll(model, items.stream().map(DatasetItem::image).toList(), "evaluate", progress, new Sink() {
            @Override
            public void predicted(int index, Classifications c) {
                tally.add(items.get(index), c.topClass(), c.topConfidence());
            }

            @Override
            public void failed(int index, String error) {
                tally.fail(items.get(index), error);
            }
        });
        return tally.result();
    }

    /** Receives {@link #classifyAll}'s answers, by the image's position in the list. */
    public interface Sink {
        void predicted(int index, Classifications classifications);

        void failed(int index, String error);
    }

    /**
     * Classifies {@code images} in order, in batches of {@link #BATCH}, each decoded with the trainers' decoder
     * and classified without a threshold: how {@code evaluate} and {@code compare} both run a model, so a model
     * sees the same pixels in the same batches in both. An unreadable image is reported to the sink, not thrown.
     */
    public static void classifyAll(ClassificationBaseModel model, List<Path> images, String task,
                                   ProgressListener progress, Sink sink) {
        for (int start = 0; start < images.size(); start += BATCH) {
            int end = Math.min(images.size(), start + BATCH);
            List<BufferedImage> decoded = new ArrayList<>();
            List<Integer> readable = new ArrayList<>();
            for (int i = start; i < end; i++) {
                try {
                    decoded.add(Images.decode(images.get(i)));
                    readable.add(i);
                } catch (Autodistill4jException e) {
                    sink.failed(i, e.getMessage());
                }
            }
            if (!decoded.isEmpty()) {
                List<Classifications> preds = model.predictBatch(decoded, 0.0);
                for (int k = 0; k < readable.size(); k++) {
                    sink.predicted(readable.get(k), preds.get(k));
                }
            }
            progress.update(task, end, images.size());
        }
        progress.finished(task);
    }

    /**
     * Scores predictions against truth: the one place a prediction becomes a confusion-matrix count, used by
     * {@link #evaluate} and by {@link ModelComparison}, so both give a model the same accuracy.
     */
    public static final class Tally {
        private final List<String> labels;
        private final long[][] confusion;
        private final List<EvaluationResult.Mistake> mistakes = new ArrayList<>();
        private final List<EvaluationResult.Failure> failures = new ArrayList<>();

        /** @param modelClasses the model's classes; truth classes it lacks are appended */
        public Tally(List<String> modelClasses, List<DatasetItem> items) {
            labels = new ArrayList<>(modelClasses);
            for (DatasetItem it : items) {
                if (!labels.contains(it.label())) {
                    labels.add(it.label());
                }
            }
            confusion = new long[labels.size()][labels.size()];
        }

        /** One prediction of {@code item}: its top class and confidence (no threshold). */
        public void add(DatasetItem item, String predicted, double confidence) {
            int t = labels.indexOf(item.label());
            int p = labels.indexOf(predicted);
            confusion[t][p]++;
            if (t != p) {
                mistakes.add(new EvaluationResult.Mistake(item.image(), item.label(), predicted, confidence));
            }
        }

        /** An image that could not be read: reported, not scored. */
        public void fail(DatasetItem item, String error) {
            failures.add(new EvaluationResult.Failure(item.image(), error));
        }

        public EvaluationResult result() {
            List<EvaluationResult.Mistake> sorted = new ArrayList<>(mistakes);
            sorted.sort(Comparator.comparingDouble(EvaluationResult.Mistake::confidence).reversed()
                    .thenComparing(m -> m.image().toString()));
            return new EvaluationResult(List.copyOf(labels), confusion, sorted, List.copyOf(failures));
        }
    }
}
