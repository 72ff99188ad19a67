package dev.autodistill4j.trainers.cnn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodistill4j.api.model.ClassificationBaseModel;
import dev.autodistill4j.api.model.ModelInfo;
import dev.autodistill4j.api.model.ModelLoadException;
import dev.autodistill4j.api.model.ModelRequest;
import dev.autodistill4j.datasets.DatasetItem;
import dev.autodistill4j.datasets.Split;
import dev.autodistill4j.trainers.AbstractTargetTrainer;
import dev.autodistill4j.trainers.FittedModel;
import dev.autodistill4j.trainers.TrainingException;
import dev.autodistill4j.trainers.TrainingRequest;
import dev.autodistill4j.trainers.data.Images;
import dev.autodistill4j.trainers.data.TrainingData;
import dev.autodistill4j.trainers.data.EmbeddingModelSupplier;
import dev.autodistill4j.trainers.model.TargetModelDirectory;
import dev.autodistill4j.trainers.model.TargetModelWriter;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * {@code cnn}: a small convolutional network trained from scratch (or from {@code --init} weights) with DJL's
 * training API on the PyTorch engine; Adam with cosine learning-rate decay, augmentation, early stopping on
 * valid accuracy keeping the best weights ({@link CnnTrainingLoop}).
 *
 * <p>Determinism on CPU without global state: initial weights ({@link SeededInitializer}) and dropout masks
 * ({@link SeededDropout}) come from generators split off one {@link SplittableRandom} seeded from the request,
 * one {@link Random} seeded from the request drives shuffles and augmentation, and data are prepared on the
 * calling thread in a fixed order. The engine's own seed is never touched, so other users of PyTorch in the
 * JVM keep theirs.
 */
public final class CnnTrainer extends AbstractTargetTrainer<CnnConfig> {
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
    protected CnnConfig configure(TrainingRequest request) {
        return CnnConfig.from(request);
    }

    @Override
    protected FittedModel fit(TrainingRequest request, CnnConfig cfg, TrainingData data) {
        List<BufferedImage> trainImages = decode(data.split(Split.TRAIN));
        int[] trainLabels = labels(data.split(Split.TRAIN), data);
        float[][] softTargets = SoftTargets.of(data, data.split(Split.TRAIN), cfg.softLabels(), cfg.temperature());
        List<DatasetItem> validItems = data.split(Split.VALID);
        List<BufferedImage> validImages = decode(validItems);
        float[][] validX = new float[validItems.size()][];
        for (int i = 0; i < validX.length; i++) {
            validX[i] = ImageTensors.preprocess(validImages.get(i), cfg.inputSize());
        }
        int[] validLabels = labels(validItems, data);

        Device device = Devices.toDjl(request.device());
        SplittableRandom seeds = new SplittableRandom(request.seed());
        SplittableRandom initRandom = seeds.split();
        Block block = ConvNet.build(data.classes().size(), cfg.widths(), cfg.residual(), cfg.dropout(), seeds.split());
        block.setInitializer(new SeededInitializer(initRandom), Parameter.Type.WEIGHT);
        Shape inputShape = new Shape(1, 3, cfg.inputSize(), cfg.inputSize());
        Model model = Model.newInstance(NAME, device, "PyTorch");
        try {
            model.setBlock(block);
            if (request.initCheckpoint() != null) {
                block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
                CnnWeights.loadInto(model, request.initCheckpoint());
            }
            Map<String, Object> metrics;
            try (Trainer trainer = model.newTrainer(trainingConfig(cfg, device, trainImages.size(),
                    softTargets != null))) {
                trainer.initialize(inputShape);
                metrics = new CnnTrainingLoop(trainer, block, model.getNDManager(), cfg, new Random(request.seed()))
                        .run(trainImages, trainLabels, softTargets, validX, validLabels, request.progress());
            }
            metrics.put("targets", softTargets != null ? "soft" : "hard");
            requireConverged(block, metrics, cfg);
            return new CnnFit(model, cfg, metrics);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /**
     * Softmax cross-entropy (against class ids, or with {@code soft} against a distribution per image, i.e.
     * {@code −Σ q log softmax(z)}), Adam with cosine decay to 2% of {@code lr} over the whole run.
     */
    private static DefaultTrainingConfig trainingConfig(CnnConfig cfg, Device device, int trainImages,
                                                        boolean soft) {
        int batchesPerEpoch = Math.max(1, trainImages / cfg.batchSize());
        Adam.Builder adam = Optimizer.adam().optLearningRateTracker(CosineTracker.builder()
                .setBaseValue((float) cfg.learningRate()).optFinalValue((float) (cfg.learningRate() * 0.02))
                .setMaxUpdates(batchesPerEpoch * cfg.epochs()).build());
        if (cfg.weightDecay() > 0) {
            adam.optWeightDecays((float) cfg.weightDecay());
        }
        Loss loss = soft ? new SoftmaxCrossEntropyLoss("SoftmaxCrossEntropyLoss", 1, -1, false, true)
                : Loss.softmaxCrossEntropyLoss();
        return new DefaultTrainingConfig(loss).optOptimizer(adam.build())
                .optDevices(new Device[] {device});
    }

    /** The trained network, written as DJL's {@code cnn-0000.params}. */
    private record CnnFit(Model model, CnnConfig cfg, Map<String, Object> metrics) implements FittedModel {
        @Override
        public void writeFiles(TargetModelWriter writer) throws IOException {
            writer.file(CnnWeights.FILE);
            model.setProperty("Epoch", "0");
            model.save(writer.stagingDir(), CnnWeights.PREFIX);
        }

        @Override
        public ObjectNode preprocessing() {
            ObjectNode pre = TargetModelWriter.json().createObjectNode();
            pre.put("resize", "squash");
            pre.put("input_size", cfg.inputSize());
            pre.put("mean", ImageTensors.MEAN);
            pre.put("std", ImageTensors.STD);
            pre.put("channels", "RGB");
            return pre;
        }

        @Override
        public ModelInfo baseModel() {
            return null;
        }

        @Override
        public void close() {
            model.close();
        }
    }

    private static List<BufferedImage> decode(List<DatasetItem> items) {
        List<BufferedImage> out = new ArrayList<>(items.size());
        for (DatasetItem it : items) {
            out.add(Images.decode(it.image()));
        }
        return out;
    }

    private static int[] labels(List<DatasetItem> items, TrainingData data) {
        return items.stream().mapToInt(i -> data.classId(i.label())).toArray();
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
    public ClassificationBaseModel load(TargetModelDirectory dir, ModelRequest request,
                                        EmbeddingModelSupplier embeddings) throws ModelLoadException {
        List<String> classes = dir.classes();
        CnnConfig cfg = CnnConfig.read(dir);
        int inputSize = cfg.inputSize();
        Block block = ConvNet.build(classes.size(), cfg.widths(), cfg.residual(), cfg.dropout());
        Device device;
        try {
            device = Devices.toDjl(request.device());
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
