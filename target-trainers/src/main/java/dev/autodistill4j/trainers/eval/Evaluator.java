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
    private static final int BATCH = 32;

    private Evaluator() {
    }

    /** The labelled images of {@code data}: a dataset's {@code test} split, or a folder of class folders. */
    public static List<DatasetItem> truth(Path data) {
        if (ImageFolderReader.hasSplitFolders(data)) {
            ClassificationDataset ds = ImageFolderReader.read(data);
            if (ds.split(Split.TEST).isEmpty()) {
                throw new TrainingDataException("dataset " + data + " has no test/ split to evaluate on: give --data "
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
        List<String> labels = new ArrayList<>(model.ontology().classes());
        for (DatasetItem it : items) {
            if (!labels.contains(it.label())) {
                labels.add(it.label());
            }
        }
        long[][] confusion = new long[labels.size()][labels.size()];
        List<EvaluationResult.Mistake> mistakes = new ArrayList<>();
        List<EvaluationResult.Failure> failures = new ArrayList<>();
        long done = 0;
        for (int start = 0; start < items.size(); start += BATCH) {
            List<DatasetItem> chunk = items.subList(start, Math.min(items.size(), start + BATCH));
            List<BufferedImage> images = new ArrayList<>();
            List<DatasetItem> readable = new ArrayList<>();
            for (DatasetItem it : chunk) {
                try {
                    images.add(Images.decode(it.image()));
                    readable.add(it);
                } catch (Autodistill4jException e) {
                    failures.add(new EvaluationResult.Failure(it.image(), e.getMessage()));
                }
            }
            if (!images.isEmpty()) {
                List<Classifications> preds = model.predictBatch(images, 0.0);
                for (int k = 0; k < readable.size(); k++) {
                    DatasetItem it = readable.get(k);
                    Classifications c = preds.get(k);
                    int t = labels.indexOf(it.label());
                    int p = labels.indexOf(c.topClass());
                    confusion[t][p]++;
                    if (t != p) {
                        mistakes.add(new EvaluationResult.Mistake(it.image(), it.label(), c.topClass(),
                                c.topConfidence()));
                    }
                }
            }
            done += chunk.size();
            progress.update("evaluate", done, items.size());
        }
        progress.finished("evaluate");
        mistakes.sort(Comparator.comparingDouble(EvaluationResult.Mistake::confidence).reversed()
                .thenComparing(m -> m.image().toString()));
        return new EvaluationResult(labels, confusion, mistakes, failures);
    }
}
