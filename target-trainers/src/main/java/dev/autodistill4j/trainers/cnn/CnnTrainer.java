package dev.autodistill4j.trainers.cnn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.Split;
import dev.autodistill4j.trainers.TargetTrainer;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.TrainingResult;
import dev.autodistill4j.trainers.data.Images;
import dev.autodistill4j.trainers.data.TrainingData;
import dev.autodistill4j.trainers.model.Provenance;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.model.TargetModelWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code cnn}: a small convolutional network trained from scratch (or from {@code --init} weights) with DJL's
 * training API on the PyTorch engine; Adam with cosine learning-rate decay, augmentation, early stopping on
 * valid accuracy keeping the best weights.
 *
 * <p>Determinism on CPU: the engine's seed fixes initial weights and dropout, one {@link Random} seeded from the
 * request drives shuffles and augmentation, data are prepared on the calling thread in a fixed order.
 */
public final class CnnTrainer implements TargetTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(CnnTrainer.class);
    public static final String NAME = "cnn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "small convolutional network (conv-BN-ReLU stages, global pooling) trained with DJL on PyTorch";
    }

    @Override
    public TrainingResult train(TrainingRequest request) {
        TargetModelWriter.checkDestination(request.outputDir());
        TrainingData data = TrainingData.load(request.datasetDir());
        CnnConfig cfg = CnnConfig.from(request);
        List<BufferedImage> trainImages = decode(data.split(Split.TRAIN));
        int[] trainLabels = data.split(Split.TRAIN).stream().mapToInt(i -> data.classId(i.label())).toArray();
        List<DatasetItem> validItems = data.split(Split.VALID);
        float[][] validX = new float[validItems.size()][];
        List<BufferedImage> validImages = decode(validItems);
        for (int i = 0; i < validX.length; i++) {
            validX[i] = ImageTensors.preprocess(validImages.get(i), cfg.inputSize());
        }
        int[] validLabels = validItems.stream().mapToInt(i -> data.classId(i.label())).toArray();
        int classes = data.classes().size();

        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) request.seed());
        Device device = Devices.parse(request.device());
        Block block = ConvNet.build(classes, cfg.widths(), cfg.residual(), cfg.dropout());
        Shape inputShape = new Shape(1, 3, cfg.inputSize(), cfg.inputSize());
        Map<String, Object> metrics = new LinkedHashMap<>();
        try (Model model = Model.newInstance(NAME, device, "PyTorch")) {
            model.setBlock(block);
            if (request.initCheckpoint() != null) {
                block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
                CnnWeights.loadInto(model, request.initCheckpoint());
            }
            int batchesPerEpoch = Math.max(1, trainImages.size() / cfg.batchSize());
            Adam.Builder adam = Optimizer.adam().optLearningRateTracker(CosineTracker.builder()
                    .setBaseValue((float) cfg.learningRate()).optFinalValue((float) (cfg.learningRate() * 0.02))
                    .setMaxUpdates(batchesPerEpoch * cfg.epochs()).build());
            if (cfg.weightDecay() > 0) {
                adam.optWeightDecays((float) cfg.weightDecay());
            }
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(adam.build()).optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(inputShape);
                Random rnd = new Random(request.seed());
                double bestAcc = -1;
                double bestLoss = Double.POSITIVE_INFINITY;
                int bestEpoch = -1;
                byte[] best = null;
                List<Map<String, Object>> history = new ArrayList<>();
                int epoch = 0;
                for (; epoch < cfg.epochs(); epoch++) {
                    double trainLoss = trainEpoch(trainer, trainImages, trainLabels, cfg, rnd);
                    double[] v = validate(trainer, validX, validLabels, cfg);
                    Map<String, Object> h = new LinkedHashMap<>();
                    h.put("epoch", epoch + 1);
                    h.put("train_loss", trainLoss);
                    h.put("valid_loss", v[1]);
                    h.put("valid_accuracy", v[0]);
                    history.add(h);
                    LOG.info("cnn epoch {}/{} train_loss={} valid_loss={} valid_acc={}", epoch + 1, cfg.epochs(),
                            String.format("%.4f", trainLoss), String.format("%.4f", v[1]),
                            String.format("%.4f", v[0]));
                    request.progress().update("train", epoch + 1, cfg.epochs());
                    if (v[0] > bestAcc || (v[0] == bestAcc && v[1] < bestLoss)) {
                        bestAcc = v[0];
                        bestLoss = v[1];
                        bestEpoch = epoch + 1;
                        best = CnnWeights.snapshot(block);
                    } else if (epoch + 1 - bestEpoch >= cfg.patience()) {
                        LOG.info("cnn: no valid improvement for {} epochs; stopping early", cfg.patience());
                        epoch++;
                        break;
                    }
                }
                request.progress().finished("train");
                CnnWeights.restore(block, model.getNDManager(), best);
                metrics.put("valid_accuracy", bestAcc);
                metrics.put("valid_loss", bestLoss);
                metrics.put("best_epoch", bestEpoch);
                metrics.put("epochs_run", epoch);
                metrics.put("history", history);
            }
            requireConverged(block, metrics, cfg);
            Map<String, Object> hp = new LinkedHashMap<>(request.hyperParameters());
            hp.putAll(cfg.asMap());
            try (TargetModelWriter writer = TargetModelWriter.create(request.outputDir())) {
                writer.file(CnnWeights.FILE);
                model.setProperty("Epoch", "0");
                model.save(writer.stagingDir(), CnnWeights.PREFIX);
                ObjectNode m = TargetModelWriter.json().createObjectNode();
                m.put("trainer", NAME);
                m.set("classes", TargetModelWriter.json().valueToTree(data.classes()));
                ObjectNode pre = m.putObject("preprocessing");
                pre.put("resize", "squash");
                pre.put("input_size", cfg.inputSize());
                pre.put("mean", ImageTensors.MEAN);
                pre.put("std", ImageTensors.STD);
                pre.put("channels", "RGB");
                m.set("provenance", Provenance.of(NAME, request, data, null));
                m.set("hyper_parameters", Provenance.hyperParameters(hp));
                m.set("metrics", TargetModelWriter.json().valueToTree(metrics));
                Path dir = writer.commit(m);
                return new TrainingResult(dir, NAME, data.classes(), metrics);
            } catch (IOException e) {
                throw new TrainingException("cannot save cnn weights into " + request.outputDir() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static List<BufferedImage> decode(List<DatasetItem> items) {
        List<BufferedImage> out = new ArrayList<>(items.size());
        for (DatasetItem it : items) {
            out.add(Images.decode(it.image()));
        }
        return out;
    }

    private static double trainEpoch(Trainer trainer, List<BufferedImage> images, int[] labels, CnnConfig cfg,
                                     Random rnd) {
        int n = images.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int size = cfg.inputSize();
        int plane = 3 * size * size;
        double lossSum = 0;
        int seen = 0;
        for (int start = 0; start + 2 <= n; start += cfg.batchSize()) {
            int b = Math.min(cfg.batchSize(), n - start);
            if (b < 2) {
                break;
            }
            float[] flat = new float[b * plane];
            float[] y = new float[b];
            for (int k = 0; k < b; k++) {
                int idx = order[start + k];
                System.arraycopy(ImageTensors.augment(images.get(idx), cfg, rnd), 0, flat, k * plane, plane);
                y[k] = labels[idx];
            }
            try (NDManager bm = trainer.getManager().newSubManager()) {
                NDArray x = bm.create(flat, new Shape(b, 3, size, size));
                NDArray yy = bm.create(y);
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList pred = trainer.forward(new NDList(x));
                    NDArray loss = trainer.getLoss().evaluate(new NDList(yy), pred);
                    lossSum += loss.getFloat() * b;
                    gc.backward(loss);
                }
                trainer.step();
            }
            seen += b;
        }
        return seen == 0 ? 0 : lossSum / seen;
    }

    /** {accuracy, mean loss} on the valid split, in eval mode (batch-norm running statistics, no dropout). */
    private static double[] validate(Trainer trainer, float[][] x, int[] labels, CnnConfig cfg) {
        int size = cfg.inputSize();
        int plane = 3 * size * size;
        int ok = 0;
        double lossSum = 0;
        for (int start = 0; start < x.length; start += 64) {
            int b = Math.min(64, x.length - start);
            float[] flat = new float[b * plane];
            for (int k = 0; k < b; k++) {
                System.arraycopy(x[start + k], 0, flat, k * plane, plane);
            }
            try (NDManager bm = trainer.getManager().newSubManager()) {
                NDArray logits = trainer.evaluate(new NDList(bm.create(flat, new Shape(b, 3, size, size))))
                        .singletonOrThrow();
                float[] logp = logits.logSoftmax(1).toFloatArray();
                int c = (int) logits.getShape().get(1);
                for (int k = 0; k < b; k++) {
                    int best = 0;
                    for (int j = 1; j < c; j++) {
                        if (logp[k * c + j] > logp[k * c + best]) {
                            best = j;
                        }
                    }
                    if (best == labels[start + k]) {
                        ok++;
                    }
                    lossSum -= logp[k * c + labels[start + k]];
                }
            }
        }
        return new double[] {(double) ok / x.length, lossSum / x.length};
    }

    /**
     * A run whose loss or weights went non-finite has diverged: saving it would give a model that answers NaN
     * for every image, so nothing is written and the user is told which knob to turn.
     */
    private static void requireConverged(Block block, Map<String, Object> metrics, CnnConfig cfg) {
        String bad = CnnWeights.firstNonFinite(block);
        Object loss = metrics.get("valid_loss");
        if (bad == null && loss instanceof Double d && !Double.isFinite(d)) {
            bad = "the validation loss is " + d;
        }
        if (bad != null) {
            throw new TrainingException("cnn training diverged (" + bad + "); nothing was saved: lower the learning "
                    + "rate (-p lr=..., now " + cfg.learningRate() + ") and train again");
        }
    }

    @Override
    public ClassificationBaseModel load(TargetModelDirectory dir, ModelRequest request) throws ModelLoadException {
        List<String> classes = dir.classes();
        JsonNode hp = dir.hyperParameters();
        int inputSize = dir.preprocessing().path("input_size").asInt(-1);
        JsonNode widthsNode = hp.path("widths");
        if (inputSize < 16 || !widthsNode.isArray() || widthsNode.isEmpty()) {
            throw new ModelLoadException(dir.dir() + "/model.json lacks the cnn's input_size or widths: the directory "
                    + "is damaged; retrain the model");
        }
        int[] widths = new int[widthsNode.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = widthsNode.get(i).asInt();
        }
        Block block = ConvNet.build(classes.size(), widths, hp.path("residual").asBoolean(false),
                hp.path("dropout").asDouble(0));
        Device device;
        try {
            device = Devices.parse(request.device().toString());
        } catch (RuntimeException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        Model model = Model.newInstance(NAME, device, "PyTorch");
        try {
            model.setBlock(block);
            model.load(dir.dir(), CnnWeights.PREFIX, Map.of("epoch", "0"));
            CnnWeights.requireFinite(block, dir.file(CnnWeights.FILE));
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException("cannot load cnn weights from " + dir.dir() + " (" + e.getMessage()
                    + "): the directory is damaged; retrain the model", e);
        }
        String sha = dir.manifest().path("files").path(CnnWeights.FILE).path("sha256").asText(null);
        ModelInfo info = new ModelInfo("target", dir.dir().toString(), dir.file(CnnWeights.FILE).toString(), sha,
                null, Map.of("trainer", NAME, "input_size", inputSize, "device", device.toString()));
        return new CnnModel(model, classes, inputSize, info);
    }
}
