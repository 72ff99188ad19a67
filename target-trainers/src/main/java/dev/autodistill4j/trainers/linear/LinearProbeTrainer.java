package dev.autodistill4j.trainers.linear;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.EmbeddingModel;
import dev.autodistill4j.api.model.Embeddings;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.Split;
import dev.autodistill4j.trainers.TargetTrainer;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import dev.autodistill4j.trainers.data.EmbeddingModelLoader;
import dev.autodistill4j.trainers.data.TrainingData;
import dev.autodistill4j.trainers.model.Provenance;
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
 * loaded again, so the directory is small but needs those weights.
 */
public final class LinearProbeTrainer implements TargetTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(LinearProbeTrainer.class);
    public static final String NAME = "linear-probe";
    static final String WEIGHTS = "linear-probe.bin";
    public static final String DEFAULT_BASE_MODEL = "metaclip";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "softmax regression on frozen base-model image embeddings (cached), L2 chosen on valid";
    }

    @Override
    public TrainingResult train(TrainingRequest request) {
        TargetModelWriter.checkDestination(request.outputDir());
        if (request.initCheckpoint() != null) {
            throw new TrainingException("linear-probe has a convex loss and always reaches the same optimum: "
                    + "--init is only for the cnn trainer");
        }
        TrainingData data = TrainingData.load(request.datasetDir());
        String spec = request.baseModelSpec() == null ? DEFAULT_BASE_MODEL : request.baseModelSpec();
        double[] grid = parseGrid(request.param("l2-grid", "0.00001,0.0001,0.001,0.01,0.1"));
        int maxIter = request.epochs() > 0 ? request.epochs() : request.intParam("max-iterations", 500);
        boolean refit = request.booleanParam("refit", true);

        try (EmbeddingModel base = EmbeddingModelLoader.loadEmbedding(spec, request.device())) {
            EmbeddingCache cache = EmbeddingCache.forDataset(data.dataset().root(), base);
            List<DatasetItem> train = data.split(Split.TRAIN);
            List<DatasetItem> valid = data.split(Split.VALID);
            List<Path> all = new ArrayList<>();
            train.forEach(i -> all.add(i.image()));
            valid.forEach(i -> all.add(i.image()));
            List<float[]> vectors = cache.embed(all, base, request.progress());
            float[][] xTrain = normalised(vectors.subList(0, train.size()));
            float[][] xValid = normalised(vectors.subList(train.size(), vectors.size()));
            int[] yTrain = labels(train, data);
            int[] yValid = labels(valid, data);
            int classes = data.classes().size();
            int dim = base.embeddingDimension();

            double bestL2 = grid[0];
            double bestAcc = -1;
            double bestLoss = Double.POSITIVE_INFINITY;
            double bestTrainAcc = 0;
            List<Map<String, Object>> gridResults = new ArrayList<>();
            for (int g = 0; g < grid.length; g++) {
                double l2 = grid[g];
                SoftmaxRegression.Weights w = new SoftmaxRegression(classes, dim, l2, maxIter).fit(xTrain, yTrain);
                double acc = accuracy(w, xValid, yValid);
                double loss = logLoss(w, xValid, yValid);
                double trainAcc = accuracy(w, xTrain, yTrain);
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
                request.progress().update("train", g + 1, grid.length + (refit ? 1 : 0));
            }
            SoftmaxRegression.Weights finalWeights;
            if (refit) {
                float[][] xAll = concat(xTrain, xValid);
                int[] yAll = concatInts(yTrain, yValid);
                finalWeights = new SoftmaxRegression(classes, dim, bestL2, maxIter).fit(xAll, yAll);
                request.progress().update("train", grid.length + 1, grid.length + 1);
            } else {
                finalWeights = new SoftmaxRegression(classes, dim, bestL2, maxIter).fit(xTrain, yTrain);
            }
            request.progress().finished("train");

            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("valid_accuracy", bestAcc);
            metrics.put("valid_log_loss", bestLoss);
            metrics.put("train_accuracy", bestTrainAcc);
            metrics.put("l2", bestL2);
            metrics.put("l2_grid", gridResults);

            Map<String, Object> hp = new LinkedHashMap<>(request.hyperParameters());
            hp.put("l2-grid", Arrays.stream(grid).boxed().toList());
            hp.put("l2", bestL2);
            hp.put("max-iterations", maxIter);
            hp.put("refit", refit);

            try (TargetModelWriter writer = TargetModelWriter.create(request.outputDir())) {
                LinearProbeWeights.write(writer.file(WEIGHTS), finalWeights);
                ObjectNode m = TargetModelWriter.json().createObjectNode();
                m.put("trainer", NAME);
                m.set("classes", TargetModelWriter.json().valueToTree(data.classes()));
                ObjectNode pre = m.putObject("preprocessing");
                pre.put("input", "base-model image embedding, L2-normalised");
                pre.put("base_model", base.info().spec());
                pre.put("embedding_dimension", dim);
                m.set("provenance", Provenance.of(NAME, request, data, base.info()));
                m.set("hyper_parameters", Provenance.hyperParameters(hp));
                m.set("metrics", TargetModelWriter.json().valueToTree(metrics));
                Path dir = writer.commit(m);
                return new TrainingResult(dir, NAME, data.classes(), metrics);
            } catch (IOException e) {
                throw new TrainingException("cannot write linear-probe weights into " + request.outputDir() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public ClassificationBaseModel load(TargetModelDirectory dir, ModelRequest request) throws ModelLoadException {
        List<String> classes = dir.classes();
        SoftmaxRegression.Weights w = LinearProbeWeights.read(dir.file(WEIGHTS), classes.size());
        String spec = dir.preprocessing().path("base_model").asText("");
        if (spec.isEmpty()) {
            throw new ModelLoadException(dir.dir() + "/model.json records no base model: retrain the model");
        }
        String expectedSha = dir.provenance().path("base_model").path("checkpoint_sha256").asText(null);
        EmbeddingModel base;
        try {
            base = EmbeddingModelLoader.loadEmbedding(spec, request.device());
        } catch (ModelLoadException e) {
            throw new ModelLoadException("linear-probe model " + dir.dir() + " needs its base model '" + spec
                    + "' to compute embeddings, which failed: " + e.getMessage(), e);
        }
        if (base.embeddingDimension() != w.w()[0].length) {
            int d = base.embeddingDimension();
            base.close();
            throw new ModelLoadException("base model '" + spec + "' makes " + d + "-d embeddings but " + dir.dir()
                    + " was trained on " + w.w()[0].length + "-d ones: use the base model it was trained with");
        }
        String actualSha = base.info().checkpointSha256();
        if (expectedSha != null && actualSha != null && !expectedSha.equalsIgnoreCase(actualSha)) {
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

    private static double[] parseGrid(String text) {
        try {
            double[] g = Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToDouble(Double::parseDouble).toArray();
            if (g.length == 0 || Arrays.stream(g).anyMatch(v -> !(v >= 0 && Double.isFinite(v)))) {
                throw new NumberFormatException();
            }
            return g;
        } catch (NumberFormatException e) {
            throw new TrainingException("l2-grid=" + text + " is not a comma-separated list of non-negative numbers:"
                    + " give e.g. l2-grid=0.0001,0.001,0.01");
        }
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
