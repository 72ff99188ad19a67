package dev.autodistill4j.trainers.linear;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.api.progress.ProgressListener;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.Split;
import dev.autodistill4j.trainers.AbstractTargetTrainer;
import dev.autodistill4j.trainers.FittedModel;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.data.EmbeddingModelSupplier;
import dev.autodistill4j.trainers.data.TrainingData;
import dev.autodistill4j.trainers.model.BaseModelReference;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.model.TargetModelWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code linear-probe}: softmax regression on frozen, L2-normalised base-model image embeddings.
 *
 * <p>The L2 strength is chosen on {@code valid} from a grid (best accuracy, ties → lower valid log-loss,
 * then stronger regularisation); the final model is refitted on train+valid with that strength
 * ({@code refit=false} keeps the train-only fit). At prediction time the base model named in the manifest is
 * loaded again, so the directory is small but needs those weights. The loss is convex and the optimiser
 * deterministic, so the seed does not change the weights.
 */
public final class LinearProbeTrainer extends AbstractTargetTrainer<LinearProbeConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(LinearProbeTrainer.class);
    public static final String NAME = "linear-probe";
    static final String WEIGHTS = "linear-probe.bin";
    public static final String DEFAULT_BASE_MODEL = LinearProbeConfig.DEFAULT_BASE_MODEL;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "softmax regression on frozen base-model image embeddings (cached), L2 chosen on valid";
    }

    @Override
    protected LinearProbeConfig configure(TrainingRequest request) {
        return LinearProbeConfig.from(request);
    }

    @Override
    protected FittedModel fit(TrainingRequest request, LinearProbeConfig cfg, TrainingData data) {
        EmbeddingModel base = request.embeddings().load(cfg.baseModel(), request.device());
        try {
            EmbeddingCache cache = EmbeddingCache.forDataset(data.dataset().root(), base);
            List<DatasetItem> train = data.split(Split.TRAIN);
            List<DatasetItem> valid = data.split(Split.VALID);
            List<Path> all = new ArrayList<>();
            train.forEach(i -> all.add(i.image()));
            valid.forEach(i -> all.add(i.image()));
            List<float[]> vectors = cache.embed(all, base, request.progress());
            Problem p = new Problem(data.classes().size(), base.embeddingDimension(),
                    normalised(vectors.subList(0, train.size())), labels(train, data),
                    normalised(vectors.subList(train.size(), vectors.size())), labels(valid, data));
            Map<String, Object> metrics = searchL2(p, cfg, request.progress());
            double l2 = (double) metrics.get("l2");
            SoftmaxRegression.Weights finalWeights;
            if (cfg.refit()) {
                finalWeights = new SoftmaxRegression(p.classes, p.dim, l2, cfg.maxIterations())
                        .fit(concat(p.xTrain, p.xValid), concatInts(p.yTrain, p.yValid));
                int steps = cfg.l2Grid().size() + 1;
                request.progress().update("train", steps, steps);
            } else {
                finalWeights = new SoftmaxRegression(p.classes, p.dim, l2, cfg.maxIterations()).fit(p.xTrain, p.yTrain);
            }
            return new ProbeFit(base, finalWeights, metrics, request.outputDir());
        } catch (RuntimeException | Error e) {
            base.close();
            throw e;
        }
    }

    /** The embedded, normalised train and valid splits. */
    private record Problem(int classes, int dim, float[][] xTrain, int[] yTrain, float[][] xValid, int[] yValid) {
    }

    /**
     * Fits each grid strength on train and scores it on valid (best accuracy, ties → lower valid log-loss).
     *
     * @return the metrics: {@code valid_accuracy}, {@code valid_log_loss}, {@code train_accuracy}, the chosen
     *         {@code l2} and every grid point's scores under {@code l2_grid}
     */
    private static Map<String, Object> searchL2(Problem p, LinearProbeConfig cfg, ProgressListener progress) {
        List<Double> grid = cfg.l2Grid();
        double bestL2 = grid.get(0);
        double bestAcc = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        double bestTrainAcc = 0;
        List<Map<String, Object>> gridResults = new ArrayList<>();
        for (int g = 0; g < grid.size(); g++) {
            double l2 = grid.get(g);
            SoftmaxRegression.Weights w = new SoftmaxRegression(p.classes, p.dim, l2, cfg.maxIterations())
                    .fit(p.xTrain, p.yTrain);
            double acc = accuracy(w, p.xValid, p.yValid);
            double loss = logLoss(w, p.xValid, p.yValid);
            double trainAcc = accuracy(w, p.xTrain, p.yTrain);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("l2", l2);
            r.put("train_accuracy", trainAcc);
            r.put("valid_accuracy", acc);
            r.put("valid_log_loss", loss);
            gridResults.add(r);
            LOG.info("linear-probe l2={} train_acc={} valid_acc={} valid_loss={}", l2, trainAcc, acc, loss);
            if (acc > bestAcc + 1e-12 || (Math.abs(acc - bestAcc) <= 1e-12 && loss <= bestLoss)) {
                bestAcc = acc;
                bestLoss = loss;
                bestL2 = l2;
                bestTrainAcc = trainAcc;
            }
            progress.update("train", g + 1, grid.size() + (cfg.refit() ? 1 : 0));
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("valid_accuracy", bestAcc);
        metrics.put("valid_log_loss", bestLoss);
        metrics.put("train_accuracy", bestTrainAcc);
        metrics.put("l2", bestL2);
        metrics.put("l2_grid", gridResults);
        return metrics;
    }

    /** The fitted probe and the base model it reads (closed once the directory is written). */
    private record ProbeFit(EmbeddingModel base, SoftmaxRegression.Weights weights, Map<String, Object> metrics,
                            Path modelDir) implements FittedModel {
        @Override
        public void writeFiles(TargetModelWriter writer) throws IOException {
            LinearProbeWeights.write(writer.file(WEIGHTS), weights);
        }

        @Override
        public ObjectNode preprocessing() {
            ObjectNode pre = TargetModelWriter.json().createObjectNode();
            pre.put("input", "base-model image embedding, L2-normalised");
            pre.put("base_model", BaseModelReference.portable(base.info().spec(), modelDir));
            pre.put("embedding_dimension", base.embeddingDimension());
            return pre;
        }

        @Override
        public ModelInfo baseModel() {
            return base.info();
        }

        @Override
        public Map<String, Object> chosenHyperParameters() {
            return Map.of("l2", metrics.get("l2"));
        }

        @Override
        public void close() {
            base.close();
        }
    }

    @Override
    public ClassificationBaseModel load(TargetModelDirectory dir, ModelRequest request,
                                        EmbeddingModelSupplier embeddings) throws ModelLoadException {
        List<String> classes = dir.classes();
        SoftmaxRegression.Weights w = LinearProbeWeights.read(dir.file(WEIGHTS), classes.size());
        String spec = BaseModelReference.toLoad(LinearProbeConfig.read(dir).baseModel(), dir, request);
        var recorded = dir.provenanceRecord().baseModel();
        String expectedSha = recorded == null ? null : recorded.checkpointSha256();
        EmbeddingModel base;
        try {
            base = embeddings.load(spec, request.device());
        } catch (ModelLoadException e) {
            throw new ModelLoadException("linear-probe model " + dir.dir() + " needs its base model '" + spec
                    + "' to compute embeddings, which failed: " + e.getMessage()
                    + (BaseModelReference.overridden(request) ? ""
                    : "; if those weights moved, pass `base-model` PROVIDER:REF naming them now"
                    + (expectedSha == null ? "" : " (checkpoint sha256 " + expectedSha + ")")), e);
        }
        if (base.embeddingDimension() != w.w()[0].length) {
            int d = base.embeddingDimension();
            base.close();
            throw new ModelLoadException("base model '" + spec + "' makes " + d + "-d embeddings but " + dir.dir()
                    + " was trained on " + w.w()[0].length + "-d ones: use the base model it was trained with");
        }
        String actualSha = base.info().checkpointSha256();
        if (expectedSha != null && actualSha != null && !expectedSha.equalsIgnoreCase(actualSha)) {
            if (BaseModelReference.overridden(request)) {
                base.close();
                throw new ModelLoadException("`base-model` " + spec + " has checkpoint sha256 " + actualSha
                        + " but " + dir.dir() + " was trained on " + expectedSha
                        + ": point `base-model` at the weights it was trained with");
            }
            LOG.warn("base model '{}' now has checkpoint sha256 {} but {} was trained on {}: predictions may be off",
                    spec, actualSha, dir.dir(), expectedSha);
        }
        return new LinearProbeModel(dir, classes, w, base);
    }

    static float[][] normalised(List<float[]> vectors) {
        float[][] out = new float[vectors.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Embeddings.normalize(vectors.get(i));
        }
        return out;
    }

    private static int[] labels(List<DatasetItem> items, TrainingData data) {
        return items.stream().mapToInt(i -> data.classId(i.label())).toArray();
    }

    static double accuracy(SoftmaxRegression.Weights w, float[][] x, int[] y) {
        int ok = 0;
        for (int i = 0; i < x.length; i++) {
            if (w.predict(x[i]) == y[i]) {
                ok++;
            }
        }
        return x.length == 0 ? 0 : (double) ok / x.length;
    }

    private static double logLoss(SoftmaxRegression.Weights w, float[][] x, int[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s -= Math.log(Math.max(w.probabilities(x[i])[y[i]], 1e-12));
        }
        return x.length == 0 ? 0 : s / x.length;
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] concatInts(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
