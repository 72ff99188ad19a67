package dev.autodistill4j.trainers.cnn;

import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.Manifest;
import dev.autodistill4j.datasets.ManifestRecord;
import dev.autodistill4j.datasets.PathNames;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.data.TrainingData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-image training targets for soft-label distillation: the teacher's scores from the dataset's
 * {@code manifest.jsonl}, restricted to the dataset's classes and softened with a temperature
 * ({@code q_c ∝ p_c^(1/T)}, which equals {@code softmax(z/T)} for the teacher's logits {@code z}).
 *
 * <p>An image whose folder is not the class the manifest gives it (moved by {@code review} or by hand) keeps a
 * one-hot target on its folder: the person's correction outranks the teacher.
 */
final class SoftTargets {
    private static final Logger LOG = LoggerFactory.getLogger(SoftTargets.class);

    private SoftTargets() {
    }

    /**
     * The targets of {@code train}, in its order, or null when {@code mode} says hard labels (or {@link
     * SoftLabels#AUTO} finds no scores, which is logged).
     *
     * @throws TrainingException with {@link SoftLabels#ON} when the manifest is missing or lacks an image's scores
     */
    static float[][] of(TrainingData data, List<DatasetItem> train, SoftLabels mode, double temperature) {
        if (mode == SoftLabels.OFF) {
            return null;
        }
        Path root = data.dataset().root();
        Path manifest = root.resolve(Manifest.FILE_NAME);
        Map<String, ManifestRecord> byFile = new HashMap<>();
        if (Files.isRegularFile(manifest)) {
            for (ManifestRecord r : Manifest.read(manifest)) {
                if (r.file() != null) {
                    byFile.put(r.file(), r);
                }
            }
        }
        List<String> classes = data.classes();
        float[][] out = new float[train.size()][];
        for (int i = 0; i < out.length; i++) {
            DatasetItem item = train.get(i);
            String rel = PathNames.relative(root, item.image());
            ManifestRecord r = byFile.get(rel);
            if (r == null || r.scores() == null || r.scores().isEmpty()) {
                return missing(mode, manifest, rel);
            }
            float[] soft = item.label().equals(r.className()) ? soften(r.scores(), classes, temperature) : null;
            out[i] = soft != null ? soft : oneHot(classes.indexOf(item.label()), classes.size());
        }
        return out;
    }

    private static float[][] missing(SoftLabels mode, Path manifest, String rel) {
        String what = Files.isRegularFile(manifest) ? manifest + " has no scores for " + rel
                : "the dataset has no " + manifest;
        if (mode == SoftLabels.ON) {
            throw new TrainingException("soft-labels=true needs the teacher's scores for every train image, but "
                    + what + ": label the images with 'autodistill4j label' (which records them), or train on "
                    + "the folder labels with -p soft-labels=false");
        }
        LOG.info("cnn: {}; training on the folder labels (hard targets). Datasets made by 'label' keep the "
                + "teacher's scores, which the cnn then distils (-p soft-labels=auto|true|false)", what);
        return null;
    }

    /** {@code p^(1/T)} over {@code classes}, renormalised (classes the manifest lacks get 0); null if all are 0. */
    static float[] soften(Map<String, Double> scores, List<String> classes, double temperature) {
        double[] q = new double[classes.size()];
        double sum = 0;
        for (int c = 0; c < q.length; c++) {
            double p = scores.getOrDefault(classes.get(c), 0.0);
            q[c] = p > 0 ? Math.exp(Math.log(p) / temperature) : 0;
            sum += q[c];
        }
        if (!(sum > 0)) {
            return null;
        }
        float[] out = new float[q.length];
        for (int c = 0; c < q.length; c++) {
            out[c] = (float) (q[c] / sum);
        }
        return out;
    }

    private static float[] oneHot(int c, int classes) {
        float[] out = new float[classes];
        out[c] = 1;
        return out;
    }
}
