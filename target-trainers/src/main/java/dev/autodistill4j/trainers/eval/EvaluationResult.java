package dev.autodistill4j.trainers.eval;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of a classifier on labelled images.
 *
 * @param labels    row/column order of {@code confusion}: the model's classes, then truth classes it lacks
 * @param confusion {@code confusion[truth][predicted]} counts
 * @param mistakes  wrong predictions, most confident first
 * @param failures  images that could not be read (not scored)
 */
public record EvaluationResult(List<String> labels, long[][] confusion, List<Mistake> mistakes,
                               List<Failure> failures) {

    /** A wrong prediction. */
    public record Mistake(Path image, String truth, String predicted, double confidence) {
    }

    /** An image that could not be scored. */
    public record Failure(Path image, String error) {
    }

    /** Precision, recall, F1 and support of one class. */
    public record ClassScores(double precision, double recall, double f1, long support) {
    }

    public long scored() {
        long n = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    public double accuracy() {
        long ok = 0;
        for (int i = 0; i < labels.size(); i++) {
            ok += confusion[i][i];
        }
        long n = scored();
        return n == 0 ? 0 : (double) ok / n;
    }

    /** Per-class scores for every class with support or predictions (sklearn's zero-division → 0). */
    public Map<String, ClassScores> perClass() {
        Map<String, ClassScores> out = new LinkedHashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            long tp = confusion[c][c];
            long support = 0;
            long predicted = 0;
            for (int k = 0; k < labels.size(); k++) {
                support += confusion[c][k];
                predicted += confusion[k][c];
            }
            if (support == 0 && predicted == 0) {
                continue;
            }
            double p = predicted == 0 ? 0 : (double) tp / predicted;
            double r = support == 0 ? 0 : (double) tp / support;
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            out.put(labels.get(c), new ClassScores(p, r, f1, support));
        }
        return out;
    }

    /** Unweighted mean F1 over classes with support. */
    public double macroF1() {
        double s = 0;
        int n = 0;
        for (ClassScores cs : perClass().values()) {
            if (cs.support() > 0) {
                s += cs.f1();
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }

    /** The JSON object the CLI prints: accuracy, per_class, confusion (truth → predicted → count), failures. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy());
        m.put("macro_f1", macroF1());
        m.put("images", scored());
        Map<String, Object> pc = new LinkedHashMap<>();
        perClass().forEach((k, v) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("precision", v.precision());
            e.put("recall", v.recall());
            e.put("f1", v.f1());
            e.put("support", v.support());
            pc.put(k, e);
        });
        m.put("per_class", pc);
        Map<String, Object> conf = new LinkedHashMap<>();
        for (int t = 0; t < labels.size(); t++) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (int p = 0; p < labels.size(); p++) {
                row.put(labels.get(p), confusion[t][p]);
            }
            conf.put(labels.get(t), row);
        }
        m.put("confusion", conf);
        m.put("failed", failures.stream().map(f -> Map.of("file", f.image().toString(), "error", f.error()))
                .toList());
        return m;
    }
}
